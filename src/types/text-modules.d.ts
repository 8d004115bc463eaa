// A `.txt` import is a text module: wrangler's default rule makes it a string (the API Worker's
// OpenAPI document, src/api/openapi-document.txt); the tests read it through Vite's `?raw`.
declare module "*.txt" {
  const text: string;
  export default text;
}
declare module "*.txt?raw" {
  const text: string;
  export default text;
}
