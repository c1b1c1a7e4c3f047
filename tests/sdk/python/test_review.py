"""A whole v3 review through the Python SDK's v3 package (sailpoint.v3:
CertificationsApi, CertificationSummariesApi) against a real recertd on
tests/sdk/review-fixture.mjs: list, read, the items, decide, the counters and
summaries, sign-off and the remediation it causes (GET
/recert/v1/campaigns/{id}/remediations, a recert extension no SDK has: sent
through the SDK's own ApiClient); reassignment (sync and async),
certification tasks, reviewers, item permissions, and the exceptions.

Every call below returns the SDK's pydantic models: a response whose shape the
v3 models reject raises ValidationError, so a passing test is a response the
Python SDK accepts. The tests of this module share one server and run in
file order (the review builds on itself).

Operations recertd does not serve yet (`recertd operations`) are skipped and
not recorded; the matrix then shows them as "not served".
"""
import json
import re
import time
from datetime import datetime, timezone

import pytest

from conftest import FUTURE, REVIEW_DOC, served

PAST = '2020-01-01T00:00:00.000Z'
DATE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$')


def dt(s):
    return datetime.fromisoformat(s.replace('Z', '+00:00'))


def ops(*keys):
    """The ops mark for keys, leaving out operations this recertd does not serve."""
    return pytest.mark.ops(*[k for k in keys if served(k)])


def needs(key):
    return pytest.mark.skipif(not served(key), reason=f'recertd does not serve {key} yet')


@pytest.fixture(scope='module')
def rsrv(start_server):
    return start_server(['--rate-limit', 'off'], doc=REVIEW_DOC)


def decisions(*ds):
    from sailpoint.v3.models.review_decision import ReviewDecision
    return [ReviewDecision.from_dict(d) for d in ds]


def reassign(body):
    from sailpoint.v3.models.review_reassign import ReviewReassign
    return ReviewReassign.from_dict(body)


def error_of(e, status, detail):
    """The ErrorResponseDto the SDK's exception e carries (e.data), checked; its message texts."""
    from sailpoint.v3.models.error_response_dto import ErrorResponseDto
    assert e.status == status, e
    assert isinstance(e.data, ErrorResponseDto), (type(e.data), e.body)
    assert e.data.detail_code == detail
    assert re.fullmatch(r'[0-9a-f]{32}', e.data.tracking_id)
    assert e.data.causes == []
    for m in e.data.messages:
        assert (m.locale, m.locale_origin.value if hasattr(m.locale_origin, 'value') else m.locale_origin) == \
            ('en-US', 'DEFAULT')
    assert json.loads(e.body)['messages'][0]['text'] == e.data.messages[0].text
    return [m.text for m in e.data.messages]


def remediations(a, campaign):
    """GET /recert/v1/campaigns/{id}/remediations through the SDK's ApiClient
    (its urllib3 pool and token); 4xx raise the SDK's exceptions."""
    req = a.client.param_serialize(method='GET', resource_path='/recert/v1/campaigns/{id}/remediations',
                                   path_params={'id': campaign}, header_params={'Accept': 'application/json'},
                                   auth_settings=['userAuth'], _host=a.client.configuration.base_url)
    r = a.client.call_api(*req)
    r.read()
    return a.client.response_deserialize(r, {'200': 'List[object]', '403': 'ErrorResponseDto',
                                             '404': 'ErrorResponseDto'}).data


@ops('v3.listIdentityCertifications', 'v3.getIdentityCertification', 'v3.makeIdentityDecision',
     'v3.signOffIdentityCertification', 'recert.listRemediations', 'v3.listIdentityAccessReviewItems',
     'v3.getIdentityDecisionSummary', 'v3.getIdentitySummaries', 'v3.getIdentitySummary',
     'v3.getIdentityAccessSummaries')
def test_a_whole_review(rsrv, v3):
    from sailpoint.v3.exceptions import BadRequestException, ForbiddenException
    from sailpoint.v3.models.identity_certification_dto import IdentityCertificationDto
    m1 = v3(rsrv, 'c-m1')
    api = m1.certs

    # List: reviewer-identity=me, filters, sorters, count.
    got = api.list_identity_certifications(reviewer_identity='me', sorters='name')
    assert all(isinstance(c, IdentityCertificationDto) for c in got)
    assert [c.id for c in got] == ['cert-e2e', 'cert-1', 'cert-4']
    assert [c.id for c in api.list_identity_certifications(reviewer_identity='me', sorters='-due')] == \
        ['cert-e2e', 'cert-1', 'cert-4']
    r = api.list_identity_certifications_with_http_info(
        reviewer_identity='me', count=True, filters='campaign.id eq "camp-e2e" and phase eq "ACTIVE"')
    assert r.status_code == 200 and r.headers['X-Total-Count'] == '1'
    assert [c.id for c in r.data] == ['cert-e2e']
    assert [c.id for c in api.list_identity_certifications(filters='completed eq false', sorters='due')] == \
        ['cert-1', 'cert-e2e']

    # Get one: every field, parsed.
    c = api.get_identity_certification('cert-e2e')
    assert isinstance(c, IdentityCertificationDto)
    assert (c.id, c.name, c.phase.value, c.completed) == ('cert-e2e', 'End-to-End Review for Mia Manager', 'ACTIVE', False)
    assert c.campaign.to_dict() == {
        'id': 'camp-e2e', 'name': 'End-to-End Review', 'type': 'CAMPAIGN', 'campaignType': 'MANAGER',
        'description': 'SDK walk-through', 'correlatedStatus': 'CORRELATED',
        'mandatoryCommentRequirement': 'REVOKE_ONLY_DECISIONS'}
    assert (c.decisions_made, c.decisions_total, c.identities_completed, c.identities_total) == (0, 4, 0, 2)
    assert c.due == dt('2027-03-31T00:00:00Z') and c.signed is None and c.reassignment is None
    assert c.created == dt('2026-11-05T09:00:00Z') and c.modified.tzinfo is not None
    assert (c.reviewer.type, c.reviewer.id, c.reviewer.name, c.reviewer.email) == \
        ('IDENTITY', 'id-m1', 'Mia Manager', 'id-m1@example.com')
    assert (c.has_errors, c.error_message) == (False, None)
    assert got[0] == c

    # The items, with a filter and a sorter.
    if served('v3.listIdentityAccessReviewItems'):
        from sailpoint.v3.models.access_review_item import AccessReviewItem
        r = api.list_identity_access_review_items_with_http_info(
            'cert-e2e', sorters='access.name', count=True, filters='access.type eq "ENTITLEMENT"')
        assert r.headers['X-Total-Count'] == '2'
        items = r.data
        assert all(isinstance(i, AccessReviewItem) for i in items)
        assert [i.id for i in items] == ['e2e-1', 'e2e-3']
        dba = items[0]
        assert (dba.completed, dba.decision) == (False, None)
        assert dba.identity_summary.to_dict() == {'id': 'is-e1', 'name': 'Sam Subject', 'identityId': 'id-s1',
                                                  'completed': False}
        a = dba.access_summary.access
        assert (a.type.value, a.id, a.name) == ('ENTITLEMENT', 'ent-dba', 'DBA')
        assert (dba.access_summary.entitlement.id, dba.access_summary.entitlement.source_name) == ('ent-dba', 'Oracle HR')
        assert [i.id for i in api.list_identity_access_review_items('cert-e2e', entitlements='ent-read')] == ['e2e-3']
        assert [i.id for i in api.list_identity_access_review_items(
            'cert-e2e', filters='identitySummary.name sw "Sam"', sorters='-access.name')] == ['e2e-2', 'e2e-1']
        every = {i.id: i for i in api.list_identity_access_review_items('cert-e2e')}
        assert {k: i.access_summary.access.type.value for k, i in every.items()} == {
            'e2e-1': 'ENTITLEMENT', 'e2e-2': 'ROLE', 'e2e-3': 'ENTITLEMENT', 'e2e-4': 'ACCESS_PROFILE'}
        assert every['e2e-2'].access_summary.role.id == 'role-fin'
        assert every['e2e-4'].access_summary.access_profile.id == 'ap-hr'

    # Decide: an APPROVE and a REVOKE, with comments.
    c = api.make_identity_decision('cert-e2e', decisions(
        {'id': 'e2e-1', 'decision': 'APPROVE', 'bulk': False, 'comments': 'still needed'},
        {'id': 'e2e-3', 'decision': 'REVOKE', 'bulk': True, 'comments': 'moved teams'}))
    assert isinstance(c, IdentityCertificationDto)
    assert (c.id, c.decisions_made, c.decisions_total, c.identities_completed, c.completed) == \
        ('cert-e2e', 2, 4, 0, False)
    assert api.get_identity_certification('cert-e2e') == c

    if served('v3.listIdentityAccessReviewItems'):
        done = api.list_identity_access_review_items('cert-e2e', filters='completed eq true', sorters='access.name')
        assert [(i.id, i.decision.value, i.comments, i.completed) for i in done] == [
            ('e2e-1', 'APPROVE', 'still needed', True), ('e2e-3', 'REVOKE', 'moved teams', True)]
    s = m1.summaries
    if served('v3.getIdentityDecisionSummary'):
        from sailpoint.v3.models.identity_cert_decision_summary import IdentityCertDecisionSummary
        ds = s.get_identity_decision_summary('cert-e2e')
        assert isinstance(ds, IdentityCertDecisionSummary)
        assert ds.to_dict() == {
            'entitlementDecisionsMade': 2, 'accessProfileDecisionsMade': 0, 'roleDecisionsMade': 0,
            'accountDecisionsMade': 0, 'entitlementDecisionsTotal': 2, 'accessProfileDecisionsTotal': 1,
            'roleDecisionsTotal': 1, 'accountDecisionsTotal': 0, 'entitlementsApproved': 1,
            'entitlementsRevoked': 1, 'accessProfilesApproved': 0, 'accessProfilesRevoked': 0,
            'rolesApproved': 0, 'rolesRevoked': 0, 'accountsApproved': 0, 'accountsRevoked': 0}
        one = s.get_identity_decision_summary('cert-e2e', filters='identitySummary.id eq "is-e2"')
        assert (one.entitlement_decisions_total, one.entitlements_revoked, one.access_profile_decisions_total,
                one.role_decisions_total) == (1, 1, 1, 0)
    if served('v3.getIdentitySummaries'):
        r = s.get_identity_summaries_with_http_info('cert-e2e', sorters='name', count=True)
        assert r.headers['X-Total-Count'] == '2'
        assert [x.to_dict() for x in r.data] == [
            {'id': 'is-e1', 'name': 'Sam Subject', 'identityId': 'id-s1', 'completed': False},
            {'id': 'is-e2', 'name': 'Sue Subject', 'identityId': 'id-s2', 'completed': False}]
        assert [x.id for x in s.get_identity_summaries('cert-e2e', filters='name sw "Sue"')] == ['is-e2']
    if served('v3.getIdentitySummary'):
        assert s.get_identity_summary('cert-e2e', 'is-e2').to_dict() == \
            {'id': 'is-e2', 'name': 'Sue Subject', 'identityId': 'id-s2', 'completed': False}
    if served('v3.getIdentityAccessSummaries'):
        ents = s.get_identity_access_summaries('cert-e2e', 'ENTITLEMENT', sorters='access.name')
        assert [(x.access.type.value, x.access.id, x.access.name) for x in ents] == [
            ('ENTITLEMENT', 'ent-dba', 'DBA'), ('ENTITLEMENT', 'ent-read', 'Reader')]
        assert [x.entitlement.id for x in ents] == ['ent-dba', 'ent-read']
        roles = s.get_identity_access_summaries('cert-e2e', 'ROLE', filters='completed eq false')
        assert [(x.access.id, x.role.id) for x in roles] == [('role-fin', 'role-fin')]
        assert s.get_identity_access_summaries('cert-e2e', 'ACCESS_PROFILE', filters='completed eq true') == []

    # Sign-off needs every item decided.
    with pytest.raises(BadRequestException) as e:
        api.sign_off_identity_certification('cert-e2e')
    assert error_of(e.value, 400, '400.1 Bad Request Content') == [
        'certification "cert-e2e" has 2 review items without a decision; decide every item before signing off']
    c = api.make_identity_decision('cert-e2e', decisions(
        {'id': 'e2e-2', 'decision': 'APPROVE', 'bulk': False},
        {'id': 'e2e-4', 'decision': 'REVOKE', 'bulk': False, 'comments': 'until the project ends',
         'proposedEndDate': FUTURE}))
    assert (c.decisions_made, c.identities_completed, c.completed) == (4, 2, True)
    if served('v3.getIdentitySummaries'):
        assert sorted(x.id for x in s.get_identity_summaries('cert-e2e', filters='completed eq true')) == \
            ['is-e1', 'is-e2']
    if served('v3.getIdentityDecisionSummary'):
        ds = s.get_identity_decision_summary('cert-e2e')
        assert (ds.roles_approved, ds.access_profiles_revoked, ds.role_decisions_made,
                ds.access_profile_decisions_made) == (1, 1, 1, 1)

    # Sign off.
    signed = api.sign_off_identity_certification('cert-e2e')
    assert isinstance(signed, IdentityCertificationDto)
    assert (signed.id, signed.phase.value) == ('cert-e2e', 'SIGNED')
    assert signed.signed is not None and signed.signed.tzinfo is not None
    assert api.get_identity_certification('cert-e2e') == signed
    with pytest.raises(BadRequestException) as e:
        api.make_identity_decision('cert-e2e', decisions({'id': 'e2e-1', 'decision': 'REVOKE', 'bulk': False,
                                                          'comments': 'no'}))
    assert error_of(e.value, 400, '400.1 Bad Request Content') == \
        ['certification "cert-e2e" is signed and can no longer be decided']
    assert [x.id for x in api.list_identity_certifications(reviewer_identity='me', filters='phase eq "SIGNED"',
                                                            sorters='name')] == ['cert-e2e', 'cert-4']

    # The remediation: the REVOKE due now is carried out, the dated one waits.
    admin = v3(rsrv, 'c-admin')
    for _ in range(200):
        rows = sorted(remediations(admin, 'camp-e2e'), key=lambda x: x['accessId'])
        if len(rows) == 2 and rows[1]['removed']:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f'not removed: {rows}')
    common = {'identityId': 'id-s2', 'certificationId': 'cert-e2e', 'campaignId': 'camp-e2e',
              'reviewerId': 'id-m1', 'decidedBy': 'id-m1'}
    assert [{k: x[k] for k in common} for x in rows] == [common, common]
    assert [(x['accessType'], x['accessId'], x['comments'], x['removeAt']) for x in rows] == [
        ('ACCESS_PROFILE', 'ap-hr', 'until the project ends', FUTURE),
        ('ENTITLEMENT', 'ent-read', 'moved teams', signed.signed.strftime('%Y-%m-%dT%H:%M:%S.')
         + f'{signed.signed.microsecond // 1000:03d}Z')]
    assert rows[0]['removed'] is None and DATE.match(rows[1]['removed'])
    assert all(DATE.match(x['decided']) and not x['cancelled'] for x in rows)
    # Remediation records are for admins only.
    with pytest.raises(ForbiddenException) as e:
        remediations(m1, 'camp-e2e')
    error_of(e.value, 403, '403 Forbidden')


@ops('v3.reassignIdentityCertifications', 'v3.listIdentityCertifications')
@pytest.mark.filterwarnings('ignore:must be one of enum values:UserWarning')  # m2 also reviews cert-3, a group's
def test_reassign_sync(rsrv, v3):
    from sailpoint.v3.models.identity_certification_dto import IdentityCertificationDto
    reason = 'Max knows the Reader role better'
    c = v3(rsrv, 'c-m1').certs.reassign_identity_certifications('cert-1', reassign(
        {'reassign': [{'id': 'item-3', 'type': 'ITEM'}], 'reassignTo': 'id-m2', 'reason': reason}))
    assert isinstance(c, IdentityCertificationDto)
    assert (c.id, c.decisions_total, c.phase.value, c.reviewer.id) == ('cert-1', 4, 'ACTIVE', 'id-m1')
    mine = v3(rsrv, 'c-m2').certs.list_identity_certifications(reviewer_identity='me')
    moved = [x for x in mine if x.reassignment and x.reassignment.var_from and x.reassignment.var_from.id == 'cert-1']
    assert len(moved) == 1, mine
    n = moved[0]
    assert (n.reassignment.comment, n.reassignment.var_from.type, n.reassignment.var_from.reviewer.id) == \
        (reason, 'CERTIFICATION', 'id-m1')
    assert (n.campaign.id, n.reviewer.id, n.decisions_total, n.phase.value, n.signed) == \
        ('camp-q4', 'id-m2', 1, 'ACTIVE', None)


@ops('v3.listIdentityCertifications', 'v3.getIdentityCertification')
def test_governance_group_reviewer_warns(rsrv, v3):
    """SDK quirk: the v3 spec's Reviewer.type is IDENTITY or GOVERNANCE_GROUP,
    but sailpoint 1.4.2's Reviewer model lists only IDENTITY; for a group's
    certification it warns (UserWarning) and keeps the value."""
    g1 = v3(rsrv, 'c-g1').certs
    with pytest.warns(UserWarning, match=r"must be one of enum values \('IDENTITY'\) unknown value: GOVERNANCE_GROUP"):
        got = g1.list_identity_certifications()
    assert [(c.id, c.reviewer.type, c.reviewer.id, c.reviewer.email) for c in got] == \
        [('cert-3', 'GOVERNANCE_GROUP', 'gg-db', None)]
    with pytest.warns(UserWarning, match='GOVERNANCE_GROUP'):
        assert g1.get_identity_certification('cert-3').reviewer.name == 'DB Owners'


@ops('v3.submitReassignCertsAsync', 'v3.getCertificationTask', 'v3.getPendingCertificationTasks')
def test_reassign_async_and_tasks(rsrv, start_server, v3):
    from sailpoint.v3.models.certification_task import CertificationTask
    admin = v3(rsrv, 'c-admin').certs
    task = admin.submit_reassign_certs_async('cert-2', reassign(
        {'reassign': [{'id': 'item-21', 'type': 'ITEM'}], 'reassignTo': 'id-m1', 'reason': 'async'}))
    assert isinstance(task, CertificationTask)
    assert (task.type, task.target_type, task.target_id, task.errors) == ('REASSIGN', 'CERTIFICATION', 'cert-2', [])
    assert task.status in ('QUEUED', 'IN_PROGRESS', 'SUCCESS') and task.created.tzinfo is not None
    for _ in range(200):
        st = admin.get_certification_task(task.id)
        if st.status in ('SUCCESS', 'ERROR'):
            break
        time.sleep(0.05)
    assert isinstance(st, CertificationTask)
    assert st.to_dict() == {**task.to_dict(), 'status': 'SUCCESS'}
    assert admin.get_pending_certification_tasks(filters='targetId eq "cert-2"') == []

    # With no workers the task stays QUEUED, and pending.
    idle = start_server(['--rate-limit', 'off', '--workers', '0'], doc=REVIEW_DOC)
    a = v3(idle, 'c-admin').certs
    m2 = v3(idle, 'c-m2').certs
    t = m2.submit_reassign_certs_async('cert-2', reassign(
        {'reassign': [{'id': 'item-22', 'type': 'ITEM'}], 'reassignTo': 'id-m1', 'reason': 'queued'}))
    assert t.status == 'QUEUED'
    r = a.get_pending_certification_tasks_with_http_info(filters='targetId eq "cert-2" and type eq "REASSIGN"',
                                                         count=True)
    assert r.data == [t] and r.headers['X-Total-Count'] == '1'
    assert m2.get_pending_certification_tasks(reviewer_identity='me') == [t]
    assert a.get_pending_certification_tasks(reviewer_identity='me') == []
    assert m2.get_certification_task(t.id) == t


@needs('v3.listCertificationReviewers')
@ops('v3.listCertificationReviewers')
def test_list_certification_reviewers(rsrv, v3):
    api = v3(rsrv, 'c-admin').certs
    got = api.list_certification_reviewers('cert-3', sorters='name')
    assert [x.to_dict() for x in got] == [
        {'type': 'IDENTITY', 'id': 'id-g1', 'name': 'Gus Groupmember', 'email': 'id-g1@example.com'},
        {'type': 'IDENTITY', 'id': 'id-m2', 'name': 'Max Manager', 'email': 'id-m2@example.com'}]
    r = api.list_certification_reviewers_with_http_info('cert-3', filters='email sw "id-m"', count=True)
    assert [x.id for x in r.data] == ['id-m2'] and r.headers['X-Total-Count'] == '1'


@needs('v3.getIdentityCertificationItemPermissions')
@ops('v3.getIdentityCertificationItemPermissions')
def test_item_permissions(rsrv, v3):
    api = v3(rsrv, 'c-m1').certs
    got = api.get_identity_certification_item_permissions('cert-e2e', 'e2e-1')
    assert sorted((p.target, p.rights) for p in got) == [
        ('HR.EMPLOYEES', ['SELECT', 'UPDATE', 'DELETE']), ('SYS.GV_$TRANSACTION', ['SELECT']),
        ('SYS.OBJAUTH2', ['CREATE', 'SELECT'])]
    r = api.get_identity_certification_item_permissions_with_http_info(
        'cert-e2e', 'e2e-1', filters='target sw "SYS." and rights ca ("CREATE")', count=True)
    assert [(p.target, p.rights) for p in r.data] == [('SYS.OBJAUTH2', ['CREATE', 'SELECT'])]
    assert r.headers['X-Total-Count'] == '1'


@ops('v3.makeIdentityDecision', 'v3.getIdentityCertification', 'v3.signOffIdentityCertification',
     'v3.getCertificationTask', 'v3.reassignIdentityCertifications', 'v3.listIdentityAccessReviewItems',
     'v3.getIdentityDecisionSummary')
def test_errors(rsrv, v3):
    from sailpoint.v3.exceptions import BadRequestException, ForbiddenException, NotFoundException
    m1 = v3(rsrv, 'c-m1')
    admin = v3(rsrv, 'c-admin').certs
    before = admin.get_identity_certification('cert-1')
    with pytest.raises(BadRequestException) as e:
        m1.certs.make_identity_decision('cert-1', decisions(
            {'id': 'item-1', 'decision': 'APPROVE', 'bulk': False},
            {'id': 'item-5', 'decision': 'REVOKE', 'bulk': False, 'proposedEndDate': PAST},
            {'id': 'item-21', 'decision': 'APPROVE', 'bulk': False},
            {'id': 'item-1', 'decision': 'REVOKE', 'bulk': False},
            {'id': 'item-4', 'decision': 'APPROVE', 'bulk': False, 'proposedEndDate': FUTURE}))
    texts = error_of(e.value, 400, '400.1 Bad Request Content')
    # The SDK sends a datetime as isoformat() (2020-01-01T00:00:00+00:00); recertd names it in its own form.
    assert [re.sub(r' \(.*now.*\)$', '', t) for t in texts] == [
        '[1].proposedEndDate: 2020-01-01T00:00:00.000Z is not in the future',
        '[2].id: no review item "item-21" in certification "cert-1"',
        '[3].id: review item "item-1" is decided twice in this batch (first at [0])',
        '[4].proposedEndDate: only a REVOKE may have one']
    assert admin.get_identity_certification('cert-1') == before, 'nothing applied'

    for call in (lambda: m1.certs.get_identity_certification('cert-2'),
                 lambda: m1.certs.make_identity_decision('cert-2', decisions(
                     {'id': 'item-21', 'decision': 'APPROVE', 'bulk': False})),
                 lambda: m1.certs.sign_off_identity_certification('cert-2'),
                 lambda: m1.certs.reassign_identity_certifications('cert-2', reassign(
                     {'reassign': [{'id': 'item-21', 'type': 'ITEM'}], 'reassignTo': 'id-m1', 'reason': 'x'}))):
        with pytest.raises(ForbiddenException) as e:
            call()
        error_of(e.value, 403, '403 Forbidden')
    with pytest.raises(NotFoundException) as e:
        admin.get_identity_certification('cert-nope')
    assert error_of(e.value, 404, '404 Not found') == ['certification "cert-nope" does not exist']
    for call in (lambda: admin.make_identity_decision('cert-nope', decisions(
                     {'id': 'x', 'decision': 'APPROVE', 'bulk': False})),
                 lambda: admin.sign_off_identity_certification('cert-nope'),
                 lambda: admin.get_certification_task('task-nope')):
        with pytest.raises(NotFoundException) as e:
            call()
        error_of(e.value, 404, '404 Not found')
    if served('v3.listIdentityAccessReviewItems'):
        with pytest.raises(NotFoundException):
            admin.list_identity_access_review_items('cert-nope')
        with pytest.raises(ForbiddenException):
            m1.certs.list_identity_access_review_items('cert-2')
        with pytest.raises(BadRequestException) as e:
            admin.list_identity_access_review_items('cert-1', entitlements='ent-dba', roles='role-fin')
        error_of(e.value, 400, '400.1 Bad Request Content')
    if served('v3.getIdentityDecisionSummary'):
        with pytest.raises(ForbiddenException):
            m1.summaries.get_identity_decision_summary('cert-2')
