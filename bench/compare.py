"""The side-by-side part of bench/run: klingreg and fastjsonschema over the same
raw JSONL lines, one process per endpoint file, each side on 1 core and on 2;
a one-payload process of each; the engine alone and the setup of a validate run
(klingreg-bench). Wall time is reported with the CPU time (user + system) of
the processes, and the load average before each timing, since the machine may
be shared. Prints a markdown table."""
import glob, json, os, resource, statistics, subprocess, sys, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
bin_dir = sys.argv[1]
klingreg, bench = os.path.join(bin_dir, 'klingreg'), os.path.join(bin_dir, 'klingreg-bench')
files = sorted(glob.glob(os.path.join(root, 'bench', 'out', '*.jsonl')))
schemas = {f: os.path.join(root, 'schemas', 'jsonschema', os.path.basename(f)[:-6] + '.request.json') for f in files}
payloads = sum(1 for f in files for line in open(f, encoding='utf-8') if line.strip())
megabytes = sum(os.path.getsize(f) for f in files) / 1e6
cache = os.path.join(root, 'bench', 'out', 'cache')
env = dict(os.environ, KLINGREG_CACHE_DIR=cache)

def load():
    return open('/proc/loadavg').read().split()[0]

def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

def timed(batches):
    """Runs each batch of commands (a batch runs concurrently); wall and CPU seconds, and their outputs."""
    before_load, cpu, start, outputs = load(), children_cpu(), time.perf_counter(), []
    for batch in batches:
        running = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True) for command in batch]
        outputs += [process.communicate()[0] for process in running]
    return time.perf_counter() - start, children_cpu() - cpu, before_load, outputs

def klingreg_batches(jobs):
    return [[[klingreg, 'validate', f, '--jsonl', '--jobs', str(jobs), '--endpoint', os.path.basename(f)[:-6]]] for f in files]

def fast_batches(processes):
    return [[[sys.executable, os.path.join(root, 'bench', 'fast_worker.py'), schemas[f], f, str(part), str(processes)] for part in range(processes)] for f in files]

# Warm the program cache and count klingreg's valid payloads, untimed.
klingreg_valid = 0
for f in files:
    out = subprocess.run([klingreg, 'validate', f, '--jsonl', '--endpoint', os.path.basename(f)[:-6], '--format', 'json'], capture_output=True, text=True, env=env).stdout
    klingreg_valid += sum(1 for r in json.loads(out)['results'] if r['valid'])

rows = []
results = {}
for name, batches in [('klingreg validate --jsonl --jobs 1', klingreg_batches(1)), ('klingreg validate --jsonl --jobs 2', klingreg_batches(2)),
                      ('fastjsonschema, 1 process', fast_batches(1)), ('fastjsonschema, 2 processes', fast_batches(2))]:
    wall, cpu, before, outputs = timed(batches)
    valid = klingreg_valid if name.startswith('klingreg') else sum(int(o.split('valid=')[1]) for o in outputs if 'valid=' in o)
    results[name] = wall
    rows.append((name, '%d payloads, %.1f MB' % (payloads, megabytes), '%.0f payloads/s, %.1f MB/s (wall %.2f s, CPU %.2f s)' % (payloads / wall, megabytes / wall, wall, cpu), 'valid %d; load %s' % (valid, before)))
for cores in ('1', '2'):
    k, f = results['klingreg validate --jsonl --jobs %s' % cores], results['fastjsonschema, %s process%s' % (cores, '' if cores == '1' else 'es')]
    rows.append(('ratio on %s core%s' % (cores, '' if cores == '1' else 's'), '', 'klingreg %.2fx fastjsonschema' % (f / k), 'target >= 5x on 1 core' if cores == '1' else ''))

engine = subprocess.run([bench, 'engine', root] + files, capture_output=True, text=True).stdout.split()
field = dict(part.split('=', 1) for part in engine)
rows.append(('engine alone, in process, 1 thread', '%s parsed payloads' % field['engine_payloads'], '%s payloads/s' % field['engine_per_s'], 'policy and labels on'))

setup = dict(part.split('=', 1) for part in subprocess.run([bench, 'setup', root, 'text2video.create', '15'], capture_output=True, text=True).stdout.split())
rows.append(('validate setup, cold', 'load, status index, lowering', '%s ms (median of 15)' % setup['cold_ms_median'], 'target <= 15 ms'))
rows.append(('validate setup, cached', 'hash inputs, read and check one program', '%s ms (median of 15)' % setup['cached_ms_median'], 'target <= 10 ms'))

# One payload, one process each, medians of 21 runs; the cache is warm.
single = os.path.join(root, 'bench', 'out', 'single')
os.makedirs(single, exist_ok=True)
one = os.path.join(single, 'one.jsonl')
first = next(l for l in open(os.path.join(root, 'bench', 'out', 'text2video.create.jsonl'), encoding='utf-8') if l.strip())
open(one, 'w', encoding='utf-8').write(first)
one_json = os.path.join(single, 'one.json')
open(one_json, 'w', encoding='utf-8').write(first)
def median_ms(command):
    times = []
    for _ in range(21):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
before = load()
k1 = median_ms([klingreg, 'validate', one_json, '--endpoint', 'text2video.create'])
f1 = median_ms([sys.executable, os.path.join(root, 'bench', 'fast_worker.py'), os.path.join(root, 'schemas', 'jsonschema', 'text2video.create.request.json'), one, '0', '1'])
rows.append(('one-payload klingreg validate process', '1 payload', '%.1f ms (median of 21)' % k1, 'target <= 25 ms; load %s' % before))
rows.append(('one-payload Python fastjsonschema process', '1 payload', '%.1f ms (median of 21)' % f1, 'klingreg %.1fx faster (target >= 3x)' % (f1 / k1)))

print('| measurement | input | result | against |')
print('|---|---|---|---|')
for row in rows:
    print('| %s | %s | %s | %s |' % row)
