"""The Python SDK beyond the page's examples: its Paginator, its exception
mapping (404, 403, 401 with an expired token, 429 with Retry-After, which
urllib3 retries on GET), and the working alternatives to list_certifications
for certifications that are not signed (docs/compatibility.md)."""
import contextlib
import io
import json
import re
import time

import pytest
from pydantic import ValidationError

from conftest import EXTRA_CERTS, SECRET


def body(exc):
    return json.loads(exc.body)


@pytest.mark.ops('listCertifications')
def test_paginator_walks_signed_certifications(srv, api):
    from sailpoint.paginator import Paginator
    a = api(srv, 'c-admin')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        got = Paginator.paginate(a.list_certifications, 1000, limit=2, sorters='name', reviewer_identitiy='id-m3')
    # 3 results by 2: pages of 2 and 1; the short page ends the walk.
    assert out.getvalue() == 'Paginating call, offset = 0\nPaginating call, offset = 2\n'
    assert [c.reviewer.id for c in got] == ['id-m3'] * 3
    assert sorted(c.signed.isoformat() for c in got) == [
        '2026-11-11T10:00:00+00:00', '2026-11-12T10:00:00+00:00', '2026-11-13T10:00:00+00:00']


@pytest.mark.ops('listCertificationReviewers')
def test_paginator_full_last_page(srv, api):
    from sailpoint.paginator import Paginator
    a = api(srv, 'c-admin')
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        got = Paginator.paginate(a.list_certification_reviewers, 1000, id='cert-3', limit=1, sorters='name')
    # 2 results by 1: the second page is full, so an empty third page ends it.
    assert out.getvalue() == ''.join(f'Paginating call, offset = {o}\n' for o in (0, 1, 2))
    assert [r.id for r in got] == ['id-g1', 'id-m2']


@pytest.mark.ops('listCertifications')
def test_paginator_stops_at_an_unsigned_certification(srv, api):
    from sailpoint.paginator import Paginator
    a = api(srv, 'c-admin')
    with contextlib.redirect_stdout(io.StringIO()):
        with pytest.raises(ValidationError, match='signed'):
            Paginator.paginate(a.list_certifications, 1000, limit=2, sorters='name')


@pytest.mark.ops('listCertifications')
def test_unsigned_certifications_without_preload_content(srv, api):
    """The working alternative: the raw response, parsed by the caller."""
    a = api(srv, 'c-admin')
    r = a.list_certifications_without_preload_content(sorters='name', count=True)
    assert r.status == 200 and r.headers['X-Total-Count'] == str(5 + len(EXTRA_CERTS))
    certs = json.loads(r.data)
    by = {c['id']: c for c in certs}
    assert by['cert-1']['signed'] is None and by['cert-1']['due'] == '2026-12-31T23:59:59.000Z'
    assert by['cert-5']['signed'] is None and by['cert-5']['due'] is None
    assert by['cert-4']['signed'] == '2026-11-19T10:00:00.000Z'
    # Every key the SDK's CertificationDto requires is present on every one.
    from sailpoint.beta.models.certification_dto import CertificationDto
    required = {f.alias or n for n, f in CertificationDto.model_fields.items() if f.is_required()}
    for c in certs:
        assert required <= set(c), (c['id'], required - set(c))


@pytest.mark.ops('listCertifications')
def test_signed_filter_is_the_other_alternative(srv, api):
    a = api(srv, 'c-admin')
    got = a.list_certifications(filters='phase eq "SIGNED"', sorters='name')
    assert sorted(c.signed.isoformat() for c in got) == [
        '2026-11-11T10:00:00+00:00', '2026-11-12T10:00:00+00:00', '2026-11-13T10:00:00+00:00',
        '2026-11-19T10:00:00+00:00']


@pytest.mark.ops('listCertificationReviewers', 'getIdentityCertificationPendingTasks',
                 'getIdentityCertificationTaskStatus', 'getIdentityCertificationItemPermissions')
def test_not_found(srv, api):
    from sailpoint.beta.exceptions import NotFoundException
    a = api(srv, 'c-admin')
    for call in (lambda: a.list_certification_reviewers('cert-nope'),
                 lambda: a.get_identity_certification_pending_tasks('cert-nope'),
                 lambda: a.get_identity_certification_task_status('cert-1', 'task-nope'),
                 lambda: a.get_identity_certification_item_permissions('cert-1', 'item-nope')):
        with pytest.raises(NotFoundException) as e:
            call()
        assert e.value.status == 404
        b = body(e.value)
        assert b['detailCode'] == '404 Not found'
        assert re.fullmatch(r'[0-9a-f]{32}', b['trackingId'])
        assert b['messages'][0]['locale'] == 'en-US'
    with pytest.raises(NotFoundException) as e:
        a.list_certification_reviewers('cert-nope')
    assert body(e.value)['messages'][0]['text'] == 'certification "cert-nope" does not exist'


@pytest.mark.ops('listCertificationReviewers', 'submitReassignCertsAsync')
def test_forbidden(srv, api):
    from sailpoint.beta.exceptions import ForbiddenException
    from sailpoint.beta.models.review_reassign import ReviewReassign
    m1 = api(srv, 'c-m1')
    with pytest.raises(ForbiddenException) as e:
        m1.list_certification_reviewers('cert-2')
    assert e.value.status == 403 and body(e.value)['detailCode'] == '403 Forbidden'
    with pytest.raises(ForbiddenException):
        m1.submit_reassign_certs_async('cert-2', ReviewReassign.from_dict(
            {'reason': 'x', 'reassignTo': 'id-m1', 'reassign': [{'id': 'item-21', 'type': 'ITEM'}]}))


@pytest.mark.ops('listCertifications')
def test_bad_request(srv, api):
    from sailpoint.beta.exceptions import BadRequestException
    a = api(srv, 'c-admin')
    with pytest.raises(BadRequestException) as e:
        a.list_certifications(sorters='due2')
    assert body(e.value)['messages'][0]['text'] == 'sorters: "due2" is not sortable; use name, due, signed'


@pytest.mark.ops('listCertificationReviewers')
def test_expired_token(start_server, api):
    from sailpoint.beta.exceptions import UnauthorizedException
    s = start_server(['--rate-limit', 'off', '--token-ttl', '1'])
    a = api(s, 'c-admin')
    assert len(a.list_certification_reviewers('cert-3')) == 2
    time.sleep(2.2)
    # The SDK fetched its token once, in Configuration(); it never renews it.
    with pytest.raises(UnauthorizedException) as e:
        a.list_certification_reviewers('cert-3')
    assert e.value.status == 401


def test_wrong_secret_gives_no_token(srv, sail_env, capsys):
    from sailpoint.configuration import Configuration
    sail_env(srv, 'c-admin', secret='wrong')
    c = Configuration()
    # The SDK prints the failure and goes on without a token.
    assert c.access_token is None
    assert 'Unable to fetch access token. Unauthorized when retrieving access token.' in capsys.readouterr().out


@pytest.mark.ops('listCertificationReviewers', 'submitReassignCertsAsync')
def test_rate_limited(start_server, api):
    from sailpoint.beta.exceptions import ApiException
    from sailpoint.beta.models.review_reassign import ReviewReassign
    s = start_server(['--rate-limit', '2/1'])
    a = api(s, 'c-admin')
    t0 = time.monotonic()
    for _ in range(3):
        # The third GET gets 429 with Retry-After; urllib3 waits and retries it.
        assert len(a.list_certification_reviewers('cert-3')) == 2
    assert time.monotonic() - t0 >= 0.5
    assert re.search(r'GET /beta/certifications/cert-3/reviewers 429', s.log), s.log[-2000:]
    # A POST is not retried: the 429 reaches the caller, with Retry-After.
    # (Each POST names an unknown reviewer, so one that gets past the rate
    # limit is a 400 and changes nothing; at 2 per second a 429 comes soon.)
    from sailpoint.beta.exceptions import BadRequestException
    seen = []
    for _ in range(4):
        try:
            a.submit_reassign_certs_async('cert-2', ReviewReassign.from_dict(
                {'reason': 'x', 'reassignTo': 'id-nobody', 'reassign': [{'id': 'item-21', 'type': 'ITEM'}]}))
            seen.append(200)
        except BadRequestException as e:
            seen.append(e.status)
        except ApiException as e:
            seen.append(e.status)
            assert e.status == 429, e
            assert int(e.headers['Retry-After']) >= 1
            assert body(e) == {'message': ' Rate Limit Exceeded '}
            break
    assert seen[-1] == 429 and 200 not in seen, seen
