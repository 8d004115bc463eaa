/** The one stylesheet, inlined so every page renders complete with no extra request. */
export const STYLES = `
:root{--ink:#1d2433;--muted:#5b6475;--line:#e3e6ec;--bg:#f7f7f4;--card:#fff;--brand:#3b4bd8;--brand-ink:#fff;
--ok:#136c3e;--ok-bg:#e6f5ec;--warn:#8a5a00;--warn-bg:#fff4d6;--bad:#b42318;--bad-bg:#fdecea;--info-bg:#eef0fd;
font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
*{box-sizing:border-box}body{margin:0;line-height:1.55}
a{color:var(--brand)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #9aa5ff;outline-offset:2px}
.topbar{display:flex;justify-content:space-between;align-items:center;padding:.8rem 1.5rem;background:var(--card);border-bottom:1px solid var(--line)}
.brand{font-weight:700;letter-spacing:.02em;text-decoration:none;color:var(--ink)}.brand span{color:var(--brand)}
.topbar nav{position:relative;min-width:0}.topbar nav>a{margin-left:1rem;text-decoration:none}
details.account>summary{cursor:pointer;list-style:none;padding:.3rem .7rem;border:1px solid #c9ced8;border-radius:8px;max-width:16rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
details.account>summary::after{content:" ▾"}details.account>summary::-webkit-details-marker{display:none}
.account-panel{position:absolute;right:0;top:2.6rem;z-index:10;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 1rem;width:20rem;max-width:calc(100vw - 2rem);box-shadow:0 8px 24px rgba(16,24,40,.12)}
.account-panel ul{padding-left:1.1rem;margin:.4rem 0 .8rem}.account-panel p{margin:.2rem 0}
details.admin-nav{margin:.6rem 0 1rem}details.admin-nav>summary{cursor:pointer;font-weight:600;padding:.5rem .8rem;border:1px solid #c9ced8;border-radius:8px;background:var(--card)}
@supports selector(::details-content){@media (min-width:641px){details.admin-nav>summary{display:none}details.admin-nav::details-content{content-visibility:visible;display:block}}}
.places{list-style:none;padding:0;display:grid;gap:.6rem;grid-template-columns:repeat(auto-fit,minmax(220px,1fr))}.places .card{margin:0}.places a{font-weight:600}
.checklist{list-style:none;padding-left:1.5rem}.checklist li{padding:.35rem 0}
.badge.todo{background:var(--warn-bg);color:var(--warn)}.badge.ok{background:var(--ok-bg);color:var(--ok)}
.tiers{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));padding:0;list-style:none}.tiers .card{margin:0}
.price{font-size:1.3rem;font-weight:700;margin:.2rem 0}.price small{font-size:.9rem;font-weight:400;color:var(--muted)}
.pager{display:flex;justify-content:space-between;gap:.6rem;flex-wrap:wrap;margin:1rem 0}
.table-scroll{overflow-x:auto;max-width:100%}
[tabindex="-1"]:focus{outline:3px solid #9aa5ff;outline-offset:2px}
main{max-width:960px;margin:0 auto;padding:2rem 1.25rem 4rem}
main.narrow{max-width:720px}
h1{font-size:2rem;line-height:1.2;margin:.2em 0 .4em}h2{font-size:1.3rem;margin:1.6em 0 .5em}h3{font-size:1.05rem}
.lead{font-size:1.15rem;color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.25rem 1.5rem;margin:1rem 0;box-shadow:0 1px 2px rgba(16,24,40,.04)}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));align-items:start}
.stat p{margin:.2rem 0}.stat .stat-value{font-size:1.5rem;font-weight:700}.insight-section{margin-top:2.2rem}
.card>h2:first-child,.card>h1:first-child{margin-top:0}
.steps{counter-reset:s;list-style:none;padding:0}.steps li{counter-increment:s;padding:.35rem 0 .35rem 2.2rem;position:relative}
.steps li::before{content:counter(s);position:absolute;left:0;top:.35rem;width:1.6rem;height:1.6rem;border-radius:50%;background:var(--info-bg);color:var(--brand);font-weight:700;text-align:center;line-height:1.6rem;font-size:.9rem}
.steps li.done::before{content:"✓";background:var(--ok-bg);color:var(--ok)}
.steps li.current{font-weight:600}
.fee{font-size:1.6rem;font-weight:700}.fee small{font-size:.95rem;font-weight:400;color:var(--muted)}
label{display:block;font-weight:600;margin:.2rem 0 .3rem}
.field{margin:1.1rem 0}.hint{color:var(--muted);font-size:.9rem;margin:.1rem 0 .35rem}
input[type=text],input[type=email],input[type=url],input[type=number],input[type=date],input[type=search],select,textarea{width:100%;padding:.6rem .7rem;border:1px solid #c9ced8;border-radius:8px;font:inherit;background:#fff}
textarea{min-height:7rem}
fieldset{border:1px solid var(--line);border-radius:10px;padding:.6rem 1rem .8rem;margin:1.1rem 0}legend{font-weight:600;padding:0 .3rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.3rem 0}.choice input{margin-top:.3rem}
.field.invalid input,.field.invalid textarea,.field.invalid select,fieldset.invalid{border-color:var(--bad)}
.error{color:var(--bad);font-size:.92rem;font-weight:600;margin:.25rem 0}
.btn{display:inline-block;background:var(--brand);color:var(--brand-ink);border:0;border-radius:8px;padding:.65rem 1.2rem;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.btn.secondary{background:#fff;color:var(--ink);border:1px solid #c9ced8}.btn.danger{background:var(--bad)}.btn.ok{background:var(--ok)}.btn.small{padding:.35rem .7rem;font-size:.9rem}
.actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-top:1rem}
.notice{border-radius:10px;padding:.8rem 1rem;margin:1rem 0;background:var(--info-bg)}
.notice.ok{background:var(--ok-bg)}.notice.warn{background:var(--warn-bg)}.notice.bad{background:var(--bad-bg)}
.badge{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-size:.8rem;font-weight:600;background:var(--info-bg);color:var(--brand);white-space:nowrap}
.badge.approved,.badge.captured,.badge.paid,.badge.active,.badge.trialing{background:var(--ok-bg);color:var(--ok)}.badge.rejected,.badge.refunded,.badge.released{background:var(--bad-bg);color:var(--bad)}
.badge.waitlisted,.badge.expired,.badge.flag,.badge.held{background:var(--warn-bg);color:var(--warn)}
table{width:100%;border-collapse:collapse;background:var(--card)}th,td{text-align:left;padding:.55rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:.85rem;color:var(--muted);font-weight:600}
.filters{display:flex;flex-wrap:wrap;gap:.8rem;align-items:flex-end}.filters .field{margin:0;min-width:150px}
.prose{overflow-wrap:anywhere}.prose h1,.prose h2,.prose h3{margin-top:1em}.prose code{background:#f0f1f4;padding:.05rem .3rem;border-radius:4px}
.muted{color:var(--muted)}.trust{font-size:.9rem;color:var(--muted)}
dl.answers dt{font-weight:600;margin-top:.8rem}dl.answers dd{margin:.2rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:2rem}
@media (max-width:640px){h1{font-size:1.6rem}.topbar{padding:.7rem 1rem}main{padding:1.2rem .9rem 3rem}.card{padding:1rem}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}table.stack{background:none}
table.stack tr{border:1px solid var(--line);border-radius:10px;margin:.6rem 0;padding:.5rem .7rem;background:var(--card)}
table.stack td{border:0;padding:.15rem 0;overflow-wrap:anywhere}table.stack td.select{float:left;width:auto;margin-right:.6rem}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}table.stack td:empty{display:none}}
`;
