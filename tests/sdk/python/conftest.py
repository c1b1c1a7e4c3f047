"""pytest harness for the official SailPoint Python SDK against a real recertd.

Like tests/api/lib.mjs: each server is a real recertd on a free loopback port
(`serve --listen 127.0.0.1:0`, address read from stderr) with a fresh
temporary store into which `recertd import` loaded the fixture. RECERTD names
the binary (default build/recertd).

The fixture is tests/api/fixture.mjs itself (read through node, so the suites
cannot drift apart), plus EXTRA: a reviewer whose certifications are all
signed, for the part of the beta API the Python SDK can parse (see
docs/compatibility.md, "signed and due").

Every test names the operations it exercises with @pytest.mark.ops(...): a
beta operationId, `v3.` + a v3 one, `recert.` + one of recert's extensions
(the keys scripts/sdk-matrix.mjs reads). At the end of the session the operations and whether
every test exercising them passed go to build/sdk/python.json, from which
scripts/sdk-matrix.mjs renders the matrix in docs/compatibility.md.
"""
import copy
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import threading
import time

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
RECERTD = os.environ.get('RECERTD') or str(ROOT / 'build' / 'recertd')
REPORT_DIR = pathlib.Path(os.environ.get('SDK_REPORT_DIR') or ROOT / 'build' / 'sdk')


def _load_fixture():
    script = ("import('%s').then((m) => process.stdout.write(JSON.stringify({doc: m.doc, secret: m.SECRET})))"
              % (ROOT / 'tests' / 'api' / 'fixture.mjs').as_uri())
    out = subprocess.run(['node', '--input-type=module', '-e', script], check=True,
                         capture_output=True, text=True, timeout=30).stdout
    return json.loads(out)


_F = _load_fixture()
SECRET = _F['secret']
BASE_DOC = _F['doc']


def _node_json(expr):
    script = "import('%s').then((m) => process.stdout.write(JSON.stringify(%s)))" % (
        (ROOT / 'tests' / 'sdk' / 'review-fixture.mjs').as_uri(), expr)
    return json.loads(subprocess.run(['node', '--input-type=module', '-e', script], check=True,
                                     capture_output=True, text=True, timeout=30).stdout)


# tests/sdk/review-fixture.mjs: the org of the v3 review suites of all three SDKs.
_R = _node_json('{doc: m.reviewDoc(), future: m.FUTURE}')
REVIEW_DOC = _R['doc']
FUTURE = _R['future']


def _served():
    out = subprocess.run([RECERTD, 'operations'], check=True, capture_output=True, text=True, timeout=30).stdout
    return {o['operationId'] if o['api'] == 'beta' else f"{o['api']}.{o['operationId']}" for o in json.loads(out)}


SERVED = _served()


def served(key):
    """Whether this recertd serves the operation (a report key: `v3.listIdentityAccessReviewItems`)."""
    return key in SERVED

# id-m3 reviews only signed certifications, each with a due date.
EXTRA_CERTS = ['cert-6', 'cert-7', 'cert-8']


def python_doc():
    doc = copy.deepcopy(BASE_DOC)
    doc['identities'].append({'id': 'id-m3', 'name': 'Mo Manager', 'email': 'id-m3@example.com',
                              'managerId': 'id-admin', 'authorities': []})
    doc['clients'].append({'clientId': 'c-m3', 'clientSecret': SECRET, 'identityId': 'id-m3', 'name': 'c-m3'})
    for n, cid in enumerate(EXTRA_CERTS):
        doc['certifications'].append({
            'id': cid, 'name': f'Source Owner Review {n + 1} for Mo Manager', 'campaignId': 'camp-src',
            'reviewer': {'type': 'IDENTITY', 'id': 'id-m3'}, 'phase': 'SIGNED',
            'due': '2026-11-20T00:00:00.000Z', 'signed': f'2026-11-1{n + 1}T10:00:00.000Z',
            'created': '2026-11-02T09:00:00.000Z',
            'reviewItems': [{'id': f'item-{61 + n}', 'identityId': 'id-s3', 'accessType': 'ENTITLEMENT',
                             'accessId': 'ent-git', 'decision': 'APPROVE', 'comments': None}],
        })
    return doc


class Server:
    """A running recertd; .base is its http://127.0.0.1:PORT."""

    def __init__(self, doc, args=()):
        self.dir = tempfile.mkdtemp(prefix='recert-pytest-')
        self.db = os.path.join(self.dir, 'test.db')
        org = os.path.join(self.dir, 'org.json')
        with open(org, 'w') as f:
            json.dump(doc, f)
        r = subprocess.run([RECERTD, 'import', '--db', f'sqlite:{self.db}', org],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise RuntimeError(f'import failed: {r.stderr}')
        self.proc = subprocess.Popen(
            [RECERTD, 'serve', '--db', f'sqlite:{self.db}', '--listen', '127.0.0.1:0', *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._log = []
        found = threading.Event()
        self.base = None

        def drain():
            for line in self.proc.stderr:
                self._log.append(line)
                if self.base is None:
                    m = re.search(r'on (http://[\d.]+:\d+)', line)
                    if m:
                        self.base = m.group(1)
                        found.set()
            found.set()

        self._reader = threading.Thread(target=drain, daemon=True)
        self._reader.start()
        if not found.wait(15) or self.base is None:
            self.proc.kill()
            raise RuntimeError('recertd did not start:\n' + self.log)

    @property
    def log(self):
        return ''.join(self._log)

    def stop(self):
        """Stops recertd and insists on a clean exit."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(5)
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.proc.returncode != 0:
            raise RuntimeError(f'recertd exited with {self.proc.returncode}:\n{self.log[-4000:]}')


@pytest.fixture(scope='session')
def start_server():
    """start_server(args=(), doc=None) -> Server; all are stopped at the end."""
    servers = []

    def start(args=(), doc=None):
        s = Server(doc or python_doc(), args)
        servers.append(s)
        return s

    yield start
    errors = []
    for s in servers:
        try:
            s.stop()
        except RuntimeError as e:
            errors.append(str(e))
    assert not errors, '\n'.join(errors)


@pytest.fixture(scope='session')
def srv(start_server):
    """The shared server (read-mostly tests); no rate limit."""
    return start_server(['--rate-limit', 'off'])


@pytest.fixture
def sail_env(monkeypatch):
    """sail_env(server, client_id): sets SAIL_BASE_URL/SAIL_CLIENT_ID/SAIL_CLIENT_SECRET,
    which the SDK's Configuration() reads."""
    def set_env(server, client_id, secret=SECRET):
        monkeypatch.setenv('SAIL_BASE_URL', server.base)
        monkeypatch.setenv('SAIL_CLIENT_ID', client_id)
        monkeypatch.setenv('SAIL_CLIENT_SECRET', secret)
    # A ./config.json would be read when SAIL_BASE_URL is unset; never rely on one.
    monkeypatch.chdir(tempfile.gettempdir())
    return set_env


@pytest.fixture
def api(sail_env):
    """api(server, client_id) -> a beta CertificationsApi with a fresh token."""
    from sailpoint.beta.api.certifications_api import CertificationsApi
    from sailpoint.beta.api_client import ApiClient
    from sailpoint.configuration import Configuration

    def make(server, client_id):
        sail_env(server, client_id)
        config = Configuration()
        assert config.access_token, f'no token for {client_id}'
        return CertificationsApi(ApiClient(config))
    return make


@pytest.fixture
def v3(sail_env):
    """v3(server, client_id) -> V3 (the v3 CertificationsApi as .certs, the
    CertificationSummariesApi as .summaries, their ApiClient as .client),
    configured from SAIL_* with a fresh token."""
    from sailpoint.configuration import Configuration
    from sailpoint.v3.api.certification_summaries_api import CertificationSummariesApi
    from sailpoint.v3.api.certifications_api import CertificationsApi
    from sailpoint.v3.api_client import ApiClient

    class V3:
        def __init__(self, config):
            self.client = ApiClient(config)
            self.certs = CertificationsApi(self.client)
            self.summaries = CertificationSummariesApi(self.client)

    def make(server, client_id):
        sail_env(server, client_id)
        config = Configuration()
        assert config.access_token, f'no token for {client_id}'
        return V3(config)
    return make


# ---------------------------------------------------------------- coverage

_ops = {}


def pytest_configure(config):
    config.addinivalue_line('markers', 'ops(*operations): operations the test exercises (beta ids, v3.id, recert.id)')


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    marker = item.get_closest_marker('ops')
    if marker is None:
        return
    failed = rep.failed or (rep.when == 'call' and rep.skipped)
    if rep.when == 'call' or failed:
        for op in marker.args:
            st = _ops.setdefault(op, {'passed': 0, 'failed': 0, 'tests': []})
            st['failed' if failed else 'passed'] += 1
            if item.name not in st['tests']:
                st['tests'].append(item.name)


def pytest_sessionfinish(session, exitstatus):
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    report = {
        'sdk': 'Python', 'package': 'sailpoint', 'version': importlib.metadata.version('sailpoint'),
        'generated': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'complete': exitstatus == 0 and not session.config.option.keyword and not session.config.option.markexpr,
        'operations': _ops,
    }
    (REPORT_DIR / 'python.json').write_text(json.dumps(report, indent=2) + '\n')
