"""v3 campaigns through the Python SDK's v3 package (sailpoint.v3:
CertificationCampaignsApi, with CertificationsApi for the certifications a
campaign generates) against a real recertd on tests/sdk/campaign-fixture.mjs:
create (MANAGER; SEARCH with identityIds, accessConstraints and a reviewer)
and the CAMPAIGN_CREATE task, STAGED; list (filters, sorters, count, SLIM and
FULL) and get; update_campaign (the SDK's JsonPatchOperation,
application/json-patch+json); start_campaign to ACTIVE; complete_campaign to
COMPLETED; delete_campaigns, then 404; and the exceptions (400 for a bad type
and an unsupported one, 403 for a non-admin, 404).

Every call returns the SDK's pydantic models: a response they reject raises
ValidationError. pydantic ignores keys a model does not define, so `strict`
also checks that every key recertd sent is one the model declares, and the
module turns the models' enum warnings (UserWarning) into errors. The SDK
types the 202 bodies of start/complete/delete as `object`; the task ones are
parsed into CertificationTask here. The tests share one server and run in
file order.
"""
import json
import re
import subprocess
import time
from datetime import datetime, timezone

import pytest

from conftest import ROOT

pytestmark = pytest.mark.filterwarnings('error::UserWarning')
HEX = re.compile(r'^[0-9a-f]{32}$')
BAD = '400.1 Bad Request Content'


def _fixture():
    script = ("import('%s').then((m) => process.stdout.write(JSON.stringify({doc: m.campaignDoc(), future: m.FUTURE, "
              "search: m.SEARCH_INFO, manager: m.MANAGER_CERTS, searchCerts: m.SEARCH_CERTS, info: m.MANAGER_INFO})))"
              % (ROOT / 'tests' / 'sdk' / 'campaign-fixture.mjs').as_uri())
    return json.loads(subprocess.run(['node', '--input-type=module', '-e', script], check=True,
                                     capture_output=True, text=True, timeout=30).stdout)


F = _fixture()
FUTURE = F['future']
SEARCH_INFO = F['search']
MANAGER_CERTS = {k: tuple(v) for k, v in F['manager'].items()}
SEARCH_CERTS = {k: tuple(v) for k, v in F['searchCerts'].items()}


def dt(s):
    return datetime.fromisoformat(s.replace('Z', '+00:00'))


def ops(*keys):
    return pytest.mark.ops(*keys)


@pytest.fixture(scope='module')
def csrv(start_server):
    return start_server(['--rate-limit', 'off'], doc=F['doc'])


@pytest.fixture
def sdk(sail_env):
    """sdk(server, client_id) -> .campaigns (CertificationCampaignsApi), .certs (CertificationsApi)."""
    from sailpoint.configuration import Configuration
    from sailpoint.v3.api.certification_campaigns_api import CertificationCampaignsApi
    from sailpoint.v3.api.certifications_api import CertificationsApi
    from sailpoint.v3.api_client import ApiClient

    class V3:
        def __init__(self, config):
            self.client = ApiClient(config)
            self.campaigns = CertificationCampaignsApi(self.client)
            self.certs = CertificationsApi(self.client)

    def make(server, client_id):
        sail_env(server, client_id)
        config = Configuration()
        assert config.access_token, f'no token for {client_id}'
        return V3(config)
    return make


def strict(model, raw):
    """Every key of raw (a dict, recursively for nested models) is one model declares."""
    from pydantic import BaseModel
    props = {f.alias or n for n, f in type(model).model_fields.items()}
    extra = set(raw) - props
    assert not extra, f'{type(model).__name__}: keys the SDK model does not define: {extra}'
    for name, f in type(model).model_fields.items():
        v, r = getattr(model, name), raw.get(f.alias or name)
        if isinstance(v, BaseModel) and isinstance(r, dict):
            strict(v, r)
        elif isinstance(v, list) and isinstance(r, list):
            for a, b in zip(v, r):
                if isinstance(a, BaseModel) and isinstance(b, dict):
                    strict(a, b)


def campaign_of(inner):
    """The Campaign or SlimCampaign of a GetActiveCampaigns200ResponseInner / GetCampaign200Response."""
    from sailpoint.v3.models.campaign import Campaign
    from sailpoint.v3.models.slim_campaign import SlimCampaign
    c = inner.actual_instance
    assert isinstance(c, (Campaign, SlimCampaign)), type(c)
    return c


def task_of(r, type_, target):
    """A 202 whose body (an `object` to the SDK) is a CertificationTask; parsed."""
    from sailpoint.v3.models.certification_task import CertificationTask
    assert r.status_code == 202
    assert isinstance(r.data, dict), type(r.data)
    t = CertificationTask.from_dict(r.data)
    strict(t, r.data)
    assert (t.type, t.target_type, t.target_id, t.errors) == (type_, 'CAMPAIGN', target, [])
    assert t.status in ('QUEUED', 'IN_PROGRESS', 'SUCCESS')
    assert HEX.match(t.id) and t.created.tzinfo is not None
    return t


def error_of(e, status, detail):
    """The ErrorResponseDto the SDK's exception carries (e.data), checked; its message texts."""
    from sailpoint.v3.models.error_response_dto import ErrorResponseDto
    assert e.status == status, (e.status, e.body)
    assert isinstance(e.data, ErrorResponseDto), (type(e.data), e.body)
    strict(e.data, json.loads(e.body))
    assert e.data.detail_code == detail
    assert HEX.match(e.data.tracking_id)
    for m in e.data.messages:
        origin = m.locale_origin.value if hasattr(m.locale_origin, 'value') else m.locale_origin
        assert (m.locale, origin) == ('en-US', 'DEFAULT')
    return [m.text for m in e.data.messages]


def get(a, id_, detail=None):
    """get_campaign, parsed. Its anyOf tries SlimCampaign first, which parses a
    FULL answer too and drops the FULL fields: FULL is parsed again as Campaign."""
    from sailpoint.v3.models.campaign import Campaign
    from sailpoint.v3.models.slim_campaign import SlimCampaign
    r = a.campaigns.get_campaign_with_http_info(id_, detail=detail)
    c = campaign_of(r.data)
    assert type(c) is SlimCampaign, type(c)
    raw = json.loads(r.raw_data)
    if detail == 'FULL':
        c = Campaign.from_dict(raw)
    strict(c, raw)
    return c


def settled(a, id_, *statuses):
    for _ in range(200):
        c = get(a, id_)
        if c.status in statuses:
            return c
        time.sleep(0.025)
    raise AssertionError(f'campaign {id_} still {c.status}')


def certs_of(a, id_, phase):
    """reviewer id -> (decisionsTotal, identitiesTotal) of the campaign's certifications, all in phase; and them."""
    r = a.certs.list_identity_certifications_with_http_info(filters=f'campaign.id eq "{id_}"', count=True)
    assert r.headers['X-Total-Count'] == str(len(r.data))
    for c, raw in zip(r.data, json.loads(r.raw_data)):
        strict(c, raw)
        assert (c.phase.value if hasattr(c.phase, 'value') else c.phase) == phase, c
        assert c.campaign.id == id_
    return {c.reviewer.id: (c.decisions_total, c.identities_total) for c in r.data}, r.data


def patch(*ops_):
    from sailpoint.v3.models.json_patch_operation import JsonPatchOperation
    from sailpoint.v3.models.json_patch_operation_value import JsonPatchOperationValue
    out = []
    for op, path, *value in ops_:
        kw = {'value': JsonPatchOperationValue(value[0])} if value else {}
        out.append(JsonPatchOperation(op=op, path=path, **kw))
    return out


S = {}  # the campaigns the tests create: S['mgr'] (MANAGER, no deadline), S['search']


@ops('v3.createCampaign', 'v3.getCampaign', 'v3.listIdentityCertifications')
def test_create_manager_and_search(csrv, sdk):
    from sailpoint.v3.models.campaign import Campaign
    a = sdk(csrv, 'c-admin')
    body = Campaign(name='SDK Manager Review', description='every manager', type='MANAGER',
                    mandatory_comment_requirement='REVOKE_ONLY_DECISIONS')
    r = a.campaigns.create_campaign_with_http_info(body)
    assert r.status_code == 202
    m = r.data
    assert isinstance(m, Campaign)
    strict(m, json.loads(r.raw_data))
    assert HEX.match(m.id)
    assert (m.name, m.description, m.type, m.status, m.deadline, m.total_certifications, m.completed_certifications,
            m.alerts, m.mandatory_comment_requirement, m.correlated_status, m.auto_revoke_allowed) == \
        ('SDK Manager Review', 'every manager', 'MANAGER', 'PENDING', None, 0, 0, [], 'REVOKE_ONLY_DECISIONS',
         'CORRELATED', False)
    assert m.created.tzinfo is not None and m.modified is not None
    S['mgr'] = m.id

    # description=None set explicitly is sent as null; the deadline as isoformat() (+00:00).
    body = Campaign.from_dict({'name': 'SDK Search Review', 'description': None, 'type': 'SEARCH',
                               'deadline': FUTURE, 'searchCampaignInfo': SEARCH_INFO})
    assert body.to_dict()['description'] is None
    r = a.campaigns.create_campaign_with_http_info(body)
    s = r.data
    strict(s, json.loads(r.raw_data))
    assert (s.status, s.deadline, s.description) == ('PENDING', dt(FUTURE), None)
    assert s.search_campaign_info.to_dict() == SEARCH_INFO
    S['search'] = s.id

    mc = settled(a, S['mgr'], 'STAGED', 'ERROR')
    assert (mc.status, mc.total_certifications) == ('STAGED', len(MANAGER_CERTS))
    assert [(x.level, [(l.locale, l.text) for l in x.localizations]) for x in mc.alerts] == \
        [('INFO', [('en-US', F['info'])])]
    assert certs_of(a, S['mgr'], 'STAGED')[0] == MANAGER_CERTS
    sc = settled(a, S['search'], 'STAGED', 'ERROR')
    assert (sc.status, sc.total_certifications, sc.alerts) == ('STAGED', 1, [])
    counts, certs = certs_of(a, S['search'], 'STAGED')
    assert counts == SEARCH_CERTS
    assert (certs[0].name, certs[0].due, certs[0].campaign.campaign_type) == \
        ('SDK Search Review for Max Manager', dt(FUTURE), 'SEARCH')


@ops('v3.createCampaign', 'v3.getCampaign', 'v3.getPendingCertificationTasks', 'v3.getCertificationTask')
def test_create_queues_campaign_create_task(start_server, sdk):
    from sailpoint.v3.models.campaign import Campaign
    from sailpoint.v3.models.certification_task import CertificationTask
    idle = start_server(['--rate-limit', 'off', '--workers', '0'], doc=F['doc'])
    a = sdk(idle, 'c-admin')
    c = a.campaigns.create_campaign(Campaign(name='Queued', description=None, type='MANAGER'))
    r = a.certs.get_pending_certification_tasks_with_http_info(filters=f'targetId eq "{c.id}"', count=True)
    assert r.headers['X-Total-Count'] == '1'
    [t] = r.data
    assert isinstance(t, CertificationTask)
    strict(t, json.loads(r.raw_data)[0])
    assert (t.type, t.target_type, t.target_id, t.status, t.errors) == ('CAMPAIGN_CREATE', 'CAMPAIGN', c.id, 'QUEUED', [])
    assert a.certs.get_certification_task(t.id) == t
    assert get(a, c.id).status == 'PENDING'


@ops('v3.getActiveCampaigns', 'v3.getCampaign')
def test_list_and_get(csrv, sdk):
    from sailpoint.v3.models.campaign import Campaign
    a = sdk(csrv, 'c-admin')
    mgr, search = S['mgr'], S['search']

    def listed(**kw):
        r = a.campaigns.get_active_campaigns_with_http_info(**kw)
        assert r.status_code == 200
        out = [campaign_of(x) for x in r.data]
        for c, raw in zip(out, json.loads(r.raw_data)):
            strict(c, raw)
        return out, r, json.loads(r.raw_data)

    out, r, raw = listed(count=True)
    assert r.headers['X-Total-Count'] == '4'
    assert all('modified' not in x for x in raw), 'SLIM by default'
    out, _, raw = listed(filters='name sw "SDK"', sorters='name', detail='SLIM')
    assert [c.id for c in out] == [mgr, search]
    assert all('modified' not in x and 'searchCampaignInfo' not in x for x in raw)
    out, _, raw = listed(filters='name sw "SDK"', sorters='-name', detail='FULL')
    assert [c.id for c in out] == [search, mgr]
    # The SDK's anyOf takes the first model that parses: Campaign, for SLIM and FULL alike.
    assert all(isinstance(c, Campaign) for c in out)
    assert out[0].search_campaign_info.to_dict() == SEARCH_INFO and out[0].modified.tzinfo is not None
    assert (out[1].mandatory_comment_requirement, out[1].sunset_comments_required) == ('REVOKE_ONLY_DECISIONS', True)
    assert [c.id for c in listed(filters='status eq "STAGED"', sorters='name', limit=1, offset=1)[0]] == [search]
    assert [c.id for c in listed(filters=f'id eq "{mgr}"')[0]] == [mgr]
    assert [c.id for c in listed(filters='status in ("ACTIVE")', sorters='name')[0]] == ['camp-q4', 'camp-src']

    slim, full = get(a, search), get(a, search, 'FULL')
    assert full == out[0]
    sd = slim.model_dump(by_alias=True)
    assert {k: v for k, v in full.model_dump(by_alias=True).items() if k in sd} == sd
    # What get_campaign(detail='FULL') itself returns: the SlimCampaign, FULL fields dropped.
    dropped = campaign_of(a.campaigns.get_campaign(search, detail='FULL'))
    assert dropped == slim and not hasattr(dropped, 'search_campaign_info')
    imported = get(a, 'camp-src', 'FULL')
    assert (imported.type, imported.status, imported.correlated_status, imported.description) == \
        ('SOURCE_OWNER', 'ACTIVE', 'UNCORRELATED', None)


@ops('v3.updateCampaign', 'v3.getCampaign', 'v3.listIdentityCertifications')
def test_update_staged(csrv, sdk):
    from sailpoint.v3.exceptions import BadRequestException, NotFoundException
    from sailpoint.v3.models.json_patch_operation import JsonPatchOperation
    from sailpoint.v3.models.slim_campaign import SlimCampaign
    a = sdk(csrv, 'c-admin')
    mgr, search = S['mgr'], S['search']
    # The SDK sends application/json-patch+json.
    req = a.campaigns._update_campaign_serialize(mgr, patch(('replace', '/name', 'x')), None, None, None, 0)
    assert req[2]['Content-Type'] == 'application/json-patch+json'
    assert json.loads(json.dumps(req[3])) == [{'op': 'replace', 'path': '/name', 'value': 'x'}]

    # JsonPatchOperation drops a None value (to_dict excludes None), so null is
    # not sendable: `remove` clears the description.
    r = a.campaigns.update_campaign_with_http_info(mgr, patch(
        ('replace', '/name', 'SDK Manager Review (patched)'), ('remove', '/description'),
        ('replace', '/autoRevokeAllowed', True), ('add', '/emailNotificationEnabled', True),
        ('replace', '/recommendationsEnabled', False)))
    assert r.status_code == 200
    c = r.data
    assert isinstance(c, SlimCampaign)
    strict(c, json.loads(r.raw_data))
    assert 'modified' not in json.loads(r.raw_data), 'the answer is a SlimCampaign'
    assert (c.name, c.description, c.auto_revoke_allowed, c.email_notification_enabled, c.recommendations_enabled,
            c.status, c.deadline) == ('SDK Manager Review (patched)', None, True, True, False, 'STAGED', None)
    assert get(a, mgr).to_dict() == c.to_dict()

    # A deadline (the certifications follow it), as a string.
    c = a.campaigns.update_campaign(search, patch(('replace', '/description', 'patched'),
                                                  ('replace', '/deadline', '2031-06-30T00:00:00.000Z')))
    assert (c.description, c.deadline) == ('patched', dt('2031-06-30T00:00:00Z'))
    assert certs_of(a, search, 'STAGED')[1][0].due == dt('2031-06-30T00:00:00Z')

    # What the SDK sends for a value-less replace: recertd names the path.
    with pytest.raises(BadRequestException) as e:
        a.campaigns.update_campaign(mgr, [JsonPatchOperation(op='replace', path='/description', value=None)])
    assert error_of(e.value, 400, BAD) == ['[0].value: /description must be a string or null']
    with pytest.raises(BadRequestException) as e:
        a.campaigns.update_campaign(mgr, patch(('replace', '/type', 'SEARCH'), ('copy', '/name')))
    assert error_of(e.value, 400, BAD) == [
        f'[0].path: /type cannot be changed while campaign "{mgr}" is STAGED (STAGED allows /name, /description, '
        '/recommendationsEnabled, /deadline, /emailNotificationEnabled, /autoRevokeAllowed)',
        '[1].op: must be replace, add or remove (got "copy")']
    with pytest.raises(NotFoundException) as e:
        a.campaigns.update_campaign('camp-nope', patch(('replace', '/name', 'x')))
    error_of(e.value, 404, '404 Not found')


@ops('v3.startCampaign', 'v3.getCampaign', 'v3.updateCampaign', 'v3.listIdentityCertifications',
     'v3.getCertificationTask')
def test_start(csrv, sdk):
    from sailpoint.v3.exceptions import BadRequestException
    from sailpoint.v3.models.activate_campaign_options import ActivateCampaignOptions
    a = sdk(csrv, 'c-admin')
    mgr, search = S['mgr'], S['search']
    t = task_of(a.campaigns.start_campaign_with_http_info(mgr, ActivateCampaignOptions(time_zone='-08:00')),
                'ACTIVATE_CAMPAIGN', mgr)
    task_of(a.campaigns.start_campaign_with_http_info(search), 'ACTIVATE_CAMPAIGN', search)
    c = settled(a, mgr, 'ACTIVE')
    assert (c.name, c.total_certifications, c.completed_certifications) == ('SDK Manager Review (patched)', 2, 0)
    settled(a, search, 'ACTIVE')
    for _ in range(200):
        if a.certs.get_certification_task(t.id).status == 'SUCCESS':
            break
        time.sleep(0.025)
    else:
        raise AssertionError('ACTIVATE_CAMPAIGN did not succeed')
    assert certs_of(a, mgr, 'ACTIVE')[0] == MANAGER_CERTS
    assert certs_of(a, search, 'ACTIVE')[0] == SEARCH_CERTS
    m1 = sdk(csrv, 'c-m1')
    mine = m1.certs.list_identity_certifications(reviewer_identity='me', filters=f'campaign.id eq "{mgr}"')
    assert [(x.name, x.reviewer.id, x.decisions_total) for x in mine] == [('SDK Manager Review for Mia Manager', 'id-m1', 4)]
    assert mine[0].campaign.to_dict() == {'id': mgr, 'name': 'SDK Manager Review (patched)', 'type': 'CAMPAIGN',
                                          'campaignType': 'MANAGER', 'description': None,
                                          'correlatedStatus': 'CORRELATED',
                                          'mandatoryCommentRequirement': 'REVOKE_ONLY_DECISIONS'}

    a = sdk(csrv, 'c-admin')
    with pytest.raises(BadRequestException) as e:
        a.campaigns.start_campaign(mgr)
    assert re.search(r'is ACTIVE: only a STAGED campaign can be activated', error_of(e.value, 400, BAD)[0])
    with pytest.raises(BadRequestException) as e:
        a.campaigns.update_campaign(mgr, patch(('replace', '/name', 'late')))
    assert re.search(r'/name cannot be changed while campaign "[0-9a-f]+" is ACTIVE \(ACTIVE allows /deadline\)',
                     error_of(e.value, 400, BAD)[0])
    # A datetime value is not one of JsonPatchOperationValue's types: send its text.
    with pytest.raises(ValueError):
        patch(('replace', '/deadline', datetime(2031, 3, 31, tzinfo=timezone.utc)))
    c = a.campaigns.update_campaign(search, patch(('replace', '/deadline', FUTURE)))
    assert (c.status, c.deadline) == ('ACTIVE', dt(FUTURE))


@ops('v3.completeCampaign', 'v3.getCampaign', 'v3.listIdentityCertifications')
def test_complete(csrv, sdk):
    from sailpoint.v3.exceptions import BadRequestException
    from sailpoint.v3.models.campaign_complete_options import CampaignCompleteOptions
    a = sdk(csrv, 'c-admin')
    mgr, search = S['mgr'], S['search']
    with pytest.raises(BadRequestException) as e:
        a.campaigns.complete_campaign(search)
    assert re.search(r'is not past due: its deadline 2031-03-31T00:00:00.000Z is after now', error_of(e.value, 400, BAD)[0])
    task_of(a.campaigns.complete_campaign_with_http_info(mgr, CampaignCompleteOptions(auto_complete_action='APPROVE')),
            'COMPLETE_CAMPAIGN', mgr)
    c = settled(a, mgr, 'COMPLETED')
    assert (c.total_certifications, c.completed_certifications) == (2, 2)
    for x in certs_of(a, mgr, 'SIGNED')[1]:
        assert (x.completed, x.decisions_made) == (True, x.decisions_total)
        assert x.signed.tzinfo is not None


@ops('v3.deleteCampaigns', 'v3.getCampaign', 'v3.getActiveCampaigns', 'v3.listIdentityCertifications')
def test_delete(csrv, sdk):
    from sailpoint.v3.exceptions import NotFoundException
    from sailpoint.v3.models.campaigns_delete_request import CampaignsDeleteRequest
    a = sdk(csrv, 'c-admin')
    mgr, search = S['mgr'], S['search']
    cert_ids = [c.id for c in certs_of(a, mgr, 'SIGNED')[1] + certs_of(a, search, 'ACTIVE')[1]]
    r = a.campaigns.delete_campaigns_with_http_info(CampaignsDeleteRequest(ids=[mgr, search]))
    assert (r.status_code, r.data) == (202, {})
    for id_ in (mgr, search):
        for _ in range(200):
            try:
                get(a, id_)
            except NotFoundException:
                break
            time.sleep(0.025)
        with pytest.raises(NotFoundException) as e:
            a.campaigns.get_campaign(id_)
        assert error_of(e.value, 404, '404 Not found') == [f'no campaign "{id_}"']
    for id_ in cert_ids:
        with pytest.raises(NotFoundException):
            a.certs.get_identity_certification(id_)
    assert a.campaigns.get_active_campaigns(filters='name sw "SDK"') == []
    with pytest.raises(NotFoundException) as e:
        a.campaigns.delete_campaigns(CampaignsDeleteRequest(ids=[mgr]))
    assert error_of(e.value, 404, '404 Not found') == [f'ids[0]: no campaign "{mgr}"']


@ops('v3.createCampaign', 'v3.getActiveCampaigns', 'v3.getCampaign', 'v3.updateCampaign', 'v3.startCampaign',
     'v3.completeCampaign', 'v3.deleteCampaigns')
def test_errors(csrv, sdk):
    from sailpoint.v3.exceptions import BadRequestException, ForbiddenException, NotFoundException
    from sailpoint.v3.models.campaign import Campaign
    from sailpoint.v3.models.campaigns_delete_request import CampaignsDeleteRequest
    a = sdk(csrv, 'c-admin')
    # The model only warns about a type outside its enum, and sends it.
    with pytest.warns(UserWarning, match='unknown value: WEEKLY'):
        weekly = Campaign(name='x', description=None, type='WEEKLY')
    with pytest.raises(BadRequestException) as e:
        a.campaigns.create_campaign(weekly)
    assert error_of(e.value, 400, BAD) == \
        ['type: must be MANAGER, SOURCE_OWNER, SEARCH, ROLE_COMPOSITION or MACHINE_ACCOUNT (got "WEEKLY")']
    with pytest.raises(BadRequestException) as e:
        a.campaigns.create_campaign(Campaign(name='x', description=None, type='ROLE_COMPOSITION'))
    assert error_of(e.value, 400, BAD) == \
        ['type: campaign type ROLE_COMPOSITION is not supported (recert generates MANAGER and SEARCH campaigns)']
    with pytest.raises(BadRequestException) as e:
        a.campaigns.get_active_campaigns(filters='type eq "MANAGER"')
    error_of(e.value, 400, BAD)
    for call in (lambda: a.campaigns.get_campaign('camp-nope'), lambda: a.campaigns.start_campaign('camp-nope'),
                 lambda: a.campaigns.complete_campaign('camp-nope')):
        with pytest.raises(NotFoundException) as e:
            call()
        error_of(e.value, 404, '404 Not found')

    m1 = sdk(csrv, 'c-m1')
    for call in (lambda: m1.campaigns.get_active_campaigns(),
                 lambda: m1.campaigns.get_campaign('camp-q4'),
                 lambda: m1.campaigns.create_campaign(Campaign(name='x', description=None, type='MANAGER')),
                 lambda: m1.campaigns.update_campaign('camp-q4', patch(('replace', '/deadline', FUTURE))),
                 lambda: m1.campaigns.start_campaign('camp-q4'),
                 lambda: m1.campaigns.complete_campaign('camp-q4'),
                 lambda: m1.campaigns.delete_campaigns(CampaignsDeleteRequest(ids=['camp-q4']))):
        with pytest.raises(ForbiddenException) as e:
            call()
        error_of(e.value, 403, '403 Forbidden')
    a = sdk(csrv, 'c-admin')
    assert a.campaigns.get_active_campaigns_with_http_info(count=True).headers['X-Total-Count'] == '2'
