"""The six Python examples of the seed page (the SDK's reference page for
sailpoint.beta.CertificationsApi), extracted as written.

The stored page lost its indentation; this restores the only indentation the
code can have (the body of `with`, `try` and `except`) and changes nothing
else. examples/<operationId>.py are the committed result;
test_seed_examples.py checks they still equal what this extracts from the
page, so an example can't drift from the page unnoticed.

    python3 seed_examples.py SEED_PAGE   # rewrites examples/*.py
"""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = ROOT.parent / 'shared' / 'seed' / 'certifications-api-beta.txt'


def extract(text):
    """Returns {operationId: source} for every example on the page."""
    out = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith('from sailpoint.beta.api.certifications_api import CertificationsApi'):
            # The operation is the last "get-…"/"list-…"/"submit-…" heading above.
            op = next(l for l in reversed(lines[:i]) if re.fullmatch(r'[a-z]+(-[a-z]+)+', l))
            src, depth, in_str = [], 0, False
            while True:
                line = lines[i]
                if in_str:
                    src.append(line)               # inside a ''' string: as is
                    in_str = "'''" not in line
                else:
                    if line.startswith('except '):
                        depth = 1
                    src.append('    ' * depth + line if line else line)
                    if line.count("'''") == 1:
                        in_str = True
                    if line.startswith('with '):
                        depth = 1
                    elif line == 'try:' or line.startswith('except '):
                        depth = 2
                if line.startswith('print("Exception when calling'):
                    break
                i += 1
            out[op] = '\n'.join(src) + '\n'
        i += 1
    return out


def main(argv):
    seed = pathlib.Path(argv[1]) if len(argv) > 1 else SEED
    examples = extract(seed.read_text())
    for op, src in examples.items():
        (HERE / 'examples' / f'{op}.py').write_text(src)
    print(f'{len(examples)} examples written')


if __name__ == '__main__':
    main(sys.argv)
