cd /work/main && sed 's/^minify = true/minify = false/' wrangler.api.toml > .nomin.api.toml && rm -rf /tmp/wapi2 && CI=true npx wrangler deploy --dry-run -c .nomin.api.toml --outdir /tmp/wapi2 >/dev/null 2>&1; rm .nomin.api.toml
python3 - <<'P'
s=open('/tmp/wapi2/index.js').read()
s=s.replace("""  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;""","""  function _(def) {
    if (!globalThis.__inReq) { const st=new Error().stack; (globalThis.__zs=(globalThis.__zs||[])).push(st); }
    const inst = params?.Parent ? newError(Definition) : this;""",1)
open('/tmp/wapi2/count.js','w').write(s)
P
node /tmp/cnt2.mjs | awk '{s+=$2; print} END {print "TOTAL", s}' | tail -${1:-8}
