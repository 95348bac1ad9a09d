/** Vendored text files (Swagger UI), imported as strings: wrangler's Text rule, vitest's plugin. */
declare module '*.vendor.txt' {
  const text: string
  export default text
}
