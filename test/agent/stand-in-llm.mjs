#!/usr/bin/env node
// A stand-in for an LLM CLI (claude -p, llm, ...), for the fix loop's tests: reads the prompt on stdin
// like they do, records it, and answers with a canned reply. Not an LLM: the tests say so in their names.
//   stand-in-llm.mjs answer <file>   print the file (prose and/or a diff) as the answer
//   stand-in-llm.mjs answers <f1> <f2> ...  the n-th call answers with the n-th file (STANDIN_COUNT
//                                    names the counter file)
//   stand-in-llm.mjs hang            never answer (records its pid first)
// STANDIN_LOG=<file>: append each prompt received; STANDIN_PID=<file>: write the pid.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const [mode, ...files] = process.argv.slice(2);
let file = files[0];
if (mode === 'answers') {
  const counter = process.env.STANDIN_COUNT ?? '';
  let n = 0;
  try {
    n = Number(readFileSync(counter, 'utf8'));
  } catch {}
  writeFileSync(counter, String(n + 1));
  file = files[Math.min(n, files.length - 1)];
}
if (process.env.STANDIN_PID) writeFileSync(process.env.STANDIN_PID, String(process.pid));
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const prompt = Buffer.concat(chunks).toString('utf8');
if (process.env.STANDIN_LOG) appendFileSync(process.env.STANDIN_LOG, `${prompt}\n=== END OF PROMPT ===\n`);
if (mode === 'hang') setInterval(() => {}, 60_000);
else process.stdout.write(readFileSync(file, 'utf8'));
