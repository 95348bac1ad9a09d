/** The console's one stylesheet: plain CSS, readable on a laptop and a phone. */
export const CSS = `
:root { --ink: #1b1f24; --muted: #4a5563; --line: #d0d7de; --bg: #f6f8fa; --brand: #0b4f8a;
  --good: #116329; --good-bg: #dafbe1; --bad: #a40e26; --bad-bg: #ffebe9; --grey: #3d444d; --grey-bg: #eaeef2; --warn: #7d4e00; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: #fff; }
a { color: var(--brand); }
.skip { position: absolute; left: -9999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
header { background: var(--brand); color: #fff; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; }
header a { color: #fff; } header .title { font-weight: 700; text-decoration: none; margin-right: auto; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
header form { margin: 0; } header button { background: transparent; color: #fff; border: 1px solid #fff; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; } h2 { font-size: 1.25rem; margin: 1.5rem 0 .75rem; }
form.card, section.card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: .75rem 1rem; align-items: end; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input, select, textarea { width: 100%; font: inherit; padding: .45rem .5rem; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--ink); }
input:focus, select:focus, button:focus, a:focus { outline: 3px solid #f4b400; outline-offset: 2px; }
button, .button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 1px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.danger { background: var(--bad); border-color: var(--bad); }
.error { color: var(--bad); font-size: .9rem; margin: .25rem 0 0; }
.invalid input, .invalid select { border-color: var(--bad); }
.flash { padding: .75rem 1rem; border-radius: 6px; margin: 1rem 0; } .flash.ok { background: var(--good-bg); color: var(--good); } .flash.bad { background: var(--bad-bg); color: var(--bad); }
.verdict { border-radius: 10px; padding: 1rem 1.25rem; margin: 1rem 0; border: 2px solid; }
.verdict h2 { margin: 0 0 .5rem; font-size: 1.5rem; }
.verdict.good { background: var(--good-bg); color: var(--good); border-color: var(--good); }
.verdict.unconfirmed, .verdict.on_hold { background: var(--warn-bg); color: var(--warn); border-color: var(--warn); }
.verdict.revoked, .verdict.expired, .verdict.mismatch, .verdict.issuer_revoked { background: var(--bad-bg); color: var(--bad); border-color: var(--bad); }
.verdict.unknown, .verdict.not_yet_valid { background: var(--grey-bg); color: var(--grey); border-color: var(--grey); }
.verdict dl, dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0; color: var(--ink); }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: .5rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; font-weight: 600; }
.badge.active, .badge.good, .badge.sent, .badge.in_stock { background: var(--good-bg); color: var(--good); }
.badge.revoked, .badge.expired, .badge.failed, .badge.lost { background: var(--bad-bg); color: var(--bad); }
.badge.not_yet_valid, .badge.superseded, .badge.suppressed, .badge.retired, .badge.damaged { background: var(--grey-bg); color: var(--grey); }
.badge.pending, .badge.assigned, .badge.expiring { background: var(--warn-bg); color: var(--warn); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: .75rem; } .figure b { display: block; font-size: 1.6rem; }
.figure span { color: var(--muted); }
.tree ul { list-style: none; padding-left: 1.25rem; border-left: 1px dotted var(--line); } .tree > ul { padding-left: 0; border: 0; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.secret { font-family: ui-monospace, monospace; background: var(--warn-bg); padding: .5rem; display: block; overflow-wrap: anywhere; }
.muted { color: var(--muted); font-size: .9rem; }
.scroll { overflow-x: auto; }
/* A scrolling box is its hidden labels' containing block, so they scroll with it, never past the page. */
.scroll, table { position: relative; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
dl.facts + .fields, dl.facts + h2 { margin-top: 1rem; }
dl.facts dd, .verdict dd { min-width: 0; } main :is(h1, h2, li, p, dd, code, strong) { overflow-wrap: anywhere; }
.record { max-width: 48rem; margin: 0 auto; font-family: "Times New Roman", Times, serif; font-size: 1.05rem; }
.record .motto { text-align: center; } .record .place { text-align: right; } .record-title { text-align: center; }
.form-head { display: grid; grid-template-columns: 2fr 3fr; text-align: center; gap: 1rem; }
.form-number { text-align: right; font-weight: 700; } .addressee { text-align: center; }
/* A record's columns are as wide as their words (a word breaks only when it cannot fit at all); an STT column stays narrow. */
.record td, .record th { overflow-wrap: break-word; } .record table.numbered th:first-child { width: 3.5rem; white-space: nowrap; }
.record table.report { font-size: .85rem; }
.form .signatures p:first-child { text-align: left; font-size: .9rem; }
.record .signatures { display: grid; grid-template-columns: 1fr 1fr; text-align: center; min-height: 9rem; margin-top: 2rem; }
input[type="checkbox"] { width: auto; } label.check { display: flex; gap: .5rem; align-items: center; font-weight: 400; }
ul.reasons { margin: .25rem 0 .75rem; padding-left: 1.25rem; }
.drop-hint { display: none; color: var(--muted); }
form.droppable .drop-hint { display: block; border: 2px dashed var(--line); border-radius: 8px; padding: 1rem; text-align: center; }
form.droppable.dragover .drop-hint { border-color: var(--brand); background: #e8f1fb; }
@media print { body > header, .no-print, .skip { display: none !important; } main { max-width: none; padding: 0; }
  main > h1 { display: none; }
  .verdict { break-inside: avoid; -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@media (max-width: 40rem) { th.optional, td.optional { display: none; } dl.facts { grid-template-columns: minmax(0, 1fr); } dl.facts dd { margin-bottom: .5rem; } header { font-size: .95rem; }
  /* A table scrolls inside its own box; the navigation is one line that scrolls sideways. */
  table { display: block; overflow-x: auto; max-width: 100%; }
  nav { order: 3; width: 100%; } nav ul { flex-wrap: nowrap; overflow-x: auto; white-space: nowrap; padding-bottom: .25rem; }
  .fields { grid-template-columns: 1fr; } .form-head, .record .signatures { grid-template-columns: 1fr; } }
`

/** Progressive enhancement only (every form works without it): ask before destructive actions, print a receipt, take a dropped file. */
export const JS = `
document.addEventListener('submit', function (event) {
  var message = event.target.getAttribute('data-confirm')
  if (message && !window.confirm(message)) event.preventDefault()
})
document.addEventListener('click', function (event) {
  if (event.target.closest && event.target.closest('[data-print]')) window.print()
})
// A pick field's suggestions follow what is typed (the server resolves the text either way).
document.querySelectorAll('input[data-pick]').forEach(function (input) {
  var list = document.getElementById(input.getAttribute('list'))
  var timer
  input.addEventListener('input', function () {
    clearTimeout(timer)
    timer = setTimeout(function () {
      fetch('/console/pick?kind=' + input.getAttribute('data-pick') + '&q=' + encodeURIComponent(input.value))
        .then(function (r) { return r.ok ? r.json() : [] })
        .then(function (labels) {
          list.replaceChildren.apply(list, labels.map(function (label) {
            var option = document.createElement('option'); option.value = label; return option
          }))
        })
        .catch(function () {})
    }, 200)
  })
})
// A table that scrolls sideways (a narrow screen) can be reached and scrolled by keyboard.
function focusableScrolls() {
  document.querySelectorAll('table, .scroll').forEach(function (box) {
    if (box.scrollWidth > box.clientWidth) box.setAttribute('tabindex', '0')
    else box.removeAttribute('tabindex')
  })
}
focusableScrolls()
window.addEventListener('resize', focusableScrolls)
// A form with data-drop takes a file dropped on it into its named file field.
document.querySelectorAll('form[data-drop]').forEach(function (form) {
  var input = form.querySelector('input[name="' + form.getAttribute('data-drop') + '"]')
  if (!input) return
  form.classList.add('droppable')
  form.addEventListener('dragover', function (event) { event.preventDefault(); form.classList.add('dragover') })
  form.addEventListener('dragleave', function () { form.classList.remove('dragover') })
  form.addEventListener('drop', function (event) {
    event.preventDefault()
    form.classList.remove('dragover')
    if (event.dataTransfer && event.dataTransfer.files.length) input.files = event.dataTransfer.files
  })
})
`

/** The registry's icon: a seal with a check, in the console's blue. */
export const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#0b4f8a"/><path d="M9 16.5l4.5 4.5L23 11.5" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>`
