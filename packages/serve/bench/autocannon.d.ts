// autocannon 9 ships no type declarations; bench.ts narrows the result to what it reads.
declare module 'autocannon' {
  const autocannon: unknown;
  export default autocannon;
}
