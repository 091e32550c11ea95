// The benchmark client, Node's half: N keep-alive GETs, C in flight.
const http = require('http');
const [port, total, inflight] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: inflight });
let started = 0, done = 0;
const t0 = process.hrtime.bigint();
function one() {
  if (started >= total) return;
  started++;
  http.get({ port, host: '127.0.0.1', path: '/', agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (++done === total) {
        const s = Number(process.hrtime.bigint() - t0) / 1e9;
        console.log((total / s).toFixed(0));
        agent.destroy();
      } else one();
    });
  });
}
for (let i = 0; i < inflight; i++) one();
