"""Builds the benchmark inputs in bench/out/: 100 000 payloads across the
create endpoints (golden payloads without inline images, varied), a payload
with a 10 MB base64 image, and a synthetic evidence corpus 100 times the size
of the real one."""
import base64, glob, json, os, re, shutil, struct, zlib

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, 'bench', 'out')
os.makedirs(out, exist_ok=True)

def inline_image(value):
    if isinstance(value, dict):
        return any(inline_image(v) for v in value.values())
    if isinstance(value, list):
        return any(inline_image(v) for v in value)
    return isinstance(value, str) and len(value) > 200 and re.fullmatch(r'[A-Za-z0-9+/=]+', value) is not None

cases = {}
for path in sorted(glob.glob(os.path.join(root, 'evidence', 'payloads', '*.json'))):
    endpoint = os.path.basename(path)[:-5]
    payloads = [c['payload'] for g in json.load(open(path)) for c in g['cases'] if not inline_image(c['payload'])]
    if payloads:
        cases[endpoint] = payloads

total = 100_000
weights = {e: len(p) for e, p in cases.items()}
written = 0
endpoints = sorted(cases)
for n, endpoint in enumerate(endpoints):
    count = total - written if n == len(endpoints) - 1 else total * weights[endpoint] // sum(weights.values())
    with open(os.path.join(out, endpoint + '.jsonl'), 'w') as handle:
        for i in range(count):
            payload = json.loads(json.dumps(cases[endpoint][i % len(cases[endpoint])]))
            # Vary the text so no two lines are the same bytes.
            if isinstance(payload, dict) and isinstance(payload.get('prompt'), str):
                payload['prompt'] = payload['prompt'] + ' #%d' % i
            handle.write(json.dumps(payload, ensure_ascii=False) + '\n')
    written += count

def png(width, height, size):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    filler = os.urandom(size)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)) + chunk(b'IDAT', filler) + chunk(b'IEND', b'')

image = base64.b64encode(png(4000, 3000, 7_500_000)).decode()
with open(os.path.join(out, 'big-image.json'), 'w') as handle:
    json.dump({'model_name': 'kling-v3', 'image': image, 'prompt': 'A lighthouse keeper waves.', 'duration': '5', 'mode': 'std'}, handle)

# 100 times the field rows: each body row copied 99 times with its top-level name suffixed.
big = os.path.join(out, 'corpus100')
shutil.rmtree(big, ignore_errors=True)
shutil.copytree(os.path.join(root, 'evidence'), os.path.join(big, 'evidence'))
shutil.copytree(os.path.join(root, 'register'), os.path.join(big, 'register'))
def copies(rows):
    return [re.sub(r'^\| `([a-z_]+)', lambda m: '| `%s_c%d' % (m.group(1), k), row) for k in range(1, 100) for row in rows]

for path in glob.glob(os.path.join(big, 'evidence', '*', '*.md')):
    result, section, body = [], None, []
    for line in open(path).read().split('\n'):
        if line.startswith('## '):
            section = line
        if section == '## Request Body' and line.startswith('| `'):
            body.append(line)
        elif body:
            # The table ended: its copies go right after its last row.
            result += copies(body)
            body = []
        result.append(line)
    result += copies(body)
    open(path, 'w').write('\n'.join(result))
print('payloads %d in %d files; big image %d bytes of base64' % (written, len(endpoints), len(image)))
