#!/usr/bin/env bash
# Side by side with Taskwarrior 2.6 (Debian's `taskwarrior`): the same generated cases loaded into
# both programs, the nearest equivalent commands timed with hyperfine in one run, and a table of
# medians and ratios. README ("Performance") shows the table this prints.
#
#   benches/taskwarrior.sh [N]        N cases (default 100000); RUNS=10 runs per command
#
# Everything happens in a temporary directory with its own HOME, TASKRC and TASKDATA: nothing of
# the user's ledger or tasks is read or changed. Needs python3 (to turn the export into
# Taskwarrior's JSON) and, if task or hyperfine are missing, root to install them with apt-get.

set -euo pipefail

N=${1:-100000}
RUNS=${RUNS:-10}
SEED=${SEED:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '%s\n' "$*" >&2; }

for tool in task hyperfine; do
    if ! command -v "$tool" >/dev/null; then
        pkg=$tool
        [ "$tool" = task ] && pkg=taskwarrior
        say "installing $pkg (apt-get)…"
        if [ "$(id -u)" -ne 0 ]; then
            say "$tool is not installed and this is not root: run \`sudo apt-get install -y $pkg\` first"
            exit 1
        fi
        apt-get install -y "$pkg" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$pkg" >/dev/null; }
    fi
done
command -v python3 >/dev/null || { say "python3 is needed to convert the cases for Taskwarrior"; exit 1; }

TZ_BIN=${TAIZHANG_BIN:-$ROOT/target/release/taizhang}
if [ -z "${TAIZHANG_BIN:-}" ]; then
    say "building taizhang (release)…"
    (cd "$ROOT" && cargo build --release --quiet)
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/taizhang-vs-task.XXXXXX")
trap 'rm -rf "$W"' EXIT
export HOME=$W XDG_CONFIG_HOME=$W/config XDG_DATA_HOME=$W/share LANG=C.UTF-8
export TAIZHANG_DB=$W/ledger.redb
export TASKRC=$W/taskrc TASKDATA=$W/task
mkdir -p "$W/config" "$TASKDATA"
cat > "$TASKRC" <<EOF
data.location=$TASKDATA
confirmation=off
verbose=nothing
hooks=off
uda.assignee.type=string
uda.assignee.label=Assignee
uda.state.type=string
uda.state.label=State
EOF

say "generating $N cases (seed $SEED)…"
"$TZ_BIN" demo --generate "$N" --seed "$SEED" >/dev/null
"$TZ_BIN" export --format jsonl -o "$W/cases.jsonl" 2>/dev/null
"$TZ_BIN" export --format csv -o "$W/cases.csv" 2>/dev/null || true

# The same cases as tasks: project per kind, due, priority, tags, assignee and state as UDAs, the
# case's notes as annotations; closed cases are completed tasks.
python3 - "$W/cases.jsonl" "$W/tasks.json" <<'PY'
import json, sys, uuid
src, dst = sys.argv[1], sys.argv[2]
def tw(ts):
    # 2025-01-01T00:34:50Z or 2025-01-01T00:34:50.123Z -> 20250101T003450Z
    d, t = ts.rstrip('Z').split('T')
    return d.replace('-', '') + 'T' + t.split('.')[0].replace(':', '') + 'Z'
prio = {'urgent': 'H', 'high': 'H', 'normal': 'M', 'low': 'L'}
out = []
with open(src, encoding='utf-8') as f:
    for i, line in enumerate(f):
        o = json.loads(line)
        if 'case' not in o:
            continue
        c = o['case']
        t = {
            'uuid': str(uuid.uuid5(uuid.NAMESPACE_URL, 'taizhang:' + c['id'])),
            'description': c['title'],
            'project': c['kind'],
            'entry': tw(c['created']),
            'modified': tw(c['updated']),
            'status': 'completed' if c.get('closed') else 'pending',
            'state': c['state'],
        }
        if c.get('closed'):
            t['end'] = c['closed'].replace('-', '') + 'T000000Z'
        if c.get('due') and not c.get('closed'):
            t['due'] = c['due'].replace('-', '') + 'T000000Z'
        if c.get('priority') in prio:
            t['priority'] = prio[c['priority']]
        if c.get('tags'):
            t['tags'] = [x.replace(' ', '_') for x in c['tags']]
        if c.get('assignee'):
            t['assignee'] = c['assignee']
        notes = [e for e in o.get('history', []) if e['change'].get('type') == 'note']
        if notes:
            t['annotations'] = [{'entry': tw(e['at']), 'description': e['change'].get('text', '')} for e in notes]
        out.append(t)
with open(dst, 'w', encoding='utf-8') as f:
    json.dump(out, f, ensure_ascii=False)
print(len(out), 'tasks', file=sys.stderr)
PY

say "loading them into Taskwarrior (task import)…"
start=$(date +%s%N)
task import "$W/tasks.json" >/dev/null 2>&1
say "task import of $N tasks: $(( ($(date +%s%N) - start) / 1000000 )) ms"

# One open hazard and its task, for the single writes.
ID=$("$TZ_BIN" list kind:hazard --sort id --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
UUID=$(python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'taizhang:$ID'))")
say "single writes on $ID (task $UUID)"

compare() { # name, taizhang command, task command, [extra hyperfine options]; runs: $R or $RUNS
    local name=$1 a=$2 b=$3 runs=${R:-$RUNS} warmup=${WARMUP:-1}
    shift 3
    hyperfine --style none --shell bash --runs "$runs" --warmup "$warmup" "$@" \
        --export-json "$W/$name.json" -n taizhang "$a" -n task "$b" >/dev/null 2>&1 \
        || { say "hyperfine failed on $name"; hyperfine --shell bash --runs 2 "$a" "$b"; exit 1; }
    say "  measured: $name"
}

T="$TZ_BIN"
compare count-open "$T list --count" "task status:pending count"
compare overdue-of-kind "$T list kind:hazard overdue" "task project:hazard +OVERDUE list"
compare summary "$T summary" "task summary"
compare modify "$T edit $ID description=现场复查记录\$RANDOM" "task $UUID modify description:现场复查记录\$RANDOM"
compare add "$T add hazard -t 配电箱未可靠接地 --party 金泰氯碱" "task add project:hazard 配电箱未可靠接地"
# Import into an empty ledger / task list each run: the same cases in each program's own JSON.
R=3 WARMUP=0 compare import "$T --db $W/import.redb import $W/cases.jsonl" "TASKDATA=$W/task-import task import $W/tasks.json" \
    --prepare "rm -rf $W/import.redb $W/task-import; mkdir -p $W/task-import"

python3 - "$W" "$N" <<'PY'
import json, os, sys
w, n = sys.argv[1], int(sys.argv[2])
rows = [
    ('count-open', 'count open items', 'list --count', 'status:pending count'),
    ('overdue-of-kind', 'list overdue of one kind', 'list kind:hazard overdue', 'project:hazard +OVERDUE list'),
    ('summary', 'summary', 'summary', 'summary'),
    ('modify', 'a single modify', 'edit ID description=…', 'UUID modify description:…'),
    ('add', 'a single add', 'add hazard -t …', 'add project:hazard …'),
    ('import', f'import {n:,} items (new ledger / task list)', 'import cases.jsonl', 'import tasks.json'),
]
def ms(s):
    return f'{s*1000:,.0f} ms' if s < 10 else f'{s:,.1f} s'
print(f'| {n:,} items | taizhang | Taskwarrior 2.6 | Taskwarrior ÷ taizhang |')
print('|---|---:|---:|---:|')
for key, what, a, b in rows:
    res = json.load(open(os.path.join(w, key + '.json')))['results']
    t = {r['command']: r['median'] for r in res}
    ta, tb = t['taizhang'], t['task']
    print(f'| {what} (`{a}` / `task {b}`) | {ms(ta)} | {ms(tb)} | {tb/ta:,.1f}× |')
PY
echo
echo "medians of $RUNS runs (import: 3) with hyperfine; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GB memory; load average $(cut -d' ' -f1-3 /proc/loadavg)"
