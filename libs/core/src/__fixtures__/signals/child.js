// A well-behaved tool: on SIGTERM it finishes its work (still writing output) and exits 0.
// With "stubborn" it ignores SIGTERM and starts a grandchild in its group that ignores it too.
const { writeFileSync } = require('node:fs');
const { spawn } = require('node:child_process');
const [dir, mode] = process.argv.slice(2);
const mark = (name, text = '') => writeFileSync(`${dir}/${name}`, text);
if (mode === 'stubborn') {
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => mark('term'));
  const grandchild = spawn(
    process.execPath,
    ['-e', 'process.on("SIGTERM",()=>{});process.on("SIGINT",()=>{});setInterval(()=>{},1000)'],
    { stdio: 'ignore' },
  );
  mark('grandchild', String(grandchild.pid));
} else {
  process.on('SIGTERM', () => {
    mark('term');
    let n = 0;
    const timer = setInterval(() => {
      console.log(`stopping ${++n}`);
      if (n === 10) {
        clearInterval(timer);
        mark('clean-exit');
        process.exit(0);
      }
    }, 20);
  });
}
setInterval(() => undefined, 1000); // keeps the process alive until a signal arrives
mark('started', String(process.pid));
console.log('started');
