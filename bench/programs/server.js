// The benchmark server, Node's half: hello world, upload sink, streaming download.
// `server.js PORT` serves http; `server.js PORT KEY CERT` (PEM files) https.
const http = require('http'), https = require('https'), fs = require('fs');
const port = +process.argv[2];
const BLOCK = Buffer.alloc(65536, 120);

const handler = (req, res) => {
  if (req.url === '/upload') {
    let n = 0;
    req.on('data', (c) => { n += c.length; });
    req.on('end', () => { res.writeHead(200, {'Content-Type': 'text/plain'}); res.end(String(n)); });
  } else if (req.url.startsWith('/download')) {
    let left = +(new URL(req.url, 'http://x').searchParams.get('size'));
    res.writeHead(200, {'Content-Type': 'application/octet-stream', 'Content-Length': left});
    const pump = () => {
      while (left > 0) {
        const chunk = left >= BLOCK.length ? BLOCK : BLOCK.subarray(0, left);
        left -= chunk.length;
        if (!res.write(chunk)) { res.once('drain', pump); return; }
      }
      res.end();
    };
    pump();
  } else {
    res.writeHead(200, {'Content-Type': 'text/plain'});
    res.end('Hello, World!');
  }
};
const server = process.argv[4]
  ? https.createServer({key: fs.readFileSync(process.argv[3]),
                        cert: fs.readFileSync(process.argv[4])}, handler)
  : http.createServer(handler);
server.listen(port, '127.0.0.1', () => console.log('ready'));
