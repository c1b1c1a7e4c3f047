// v3 campaigns through the Go SDK's api_v3 client (CertificationCampaignsAPI,
// with CertificationsAPI for the certifications a campaign generates) against
// a real recertd on tests/sdk/campaign-fixture.mjs: create (MANAGER; SEARCH
// with identityIds, accessConstraints and a reviewer) and the CAMPAIGN_CREATE
// task, STAGED; list (filters, sorters, count, SLIM and FULL) and get;
// UpdateCampaign (the SDK's JsonPatchOperation, application/json-patch+json);
// StartCampaign to ACTIVE; CompleteCampaign to COMPLETED; DeleteCampaigns,
// then 404; and the errors (400 for a bad type and an unsupported one, 403
// for a non-admin, 404) with their ErrorResponseDto.
//
// The SDK's decoding is the check, and noExtra insists no key lands in a
// model's AdditionalProperties. The SDK types the 202 bodies of
// start/complete/delete as map[string]interface{}; the task ones are decoded
// again into CertificationTask here. The subtests share one server and run
// in order.
package sdktest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	v3 "github.com/sailpoint-oss/golang-sdk/v2/api_v3"
)

type campaignFixture struct {
	Doc         map[string]any      `json:"doc"`
	Future      string              `json:"future"`
	Search      json.RawMessage     `json:"search"`
	Manager     map[string][2]int32 `json:"manager"`
	SearchCerts map[string][2]int32 `json:"searchCerts"`
	Info        string              `json:"info"`
}

func loadCampaignFixture(t *testing.T) campaignFixture {
	t.Helper()
	script := fmt.Sprintf("import('file://%s').then((m) => process.stdout.write(JSON.stringify({doc: m.campaignDoc(), "+
		"future: m.FUTURE, search: m.SEARCH_INFO, manager: m.MANAGER_CERTS, searchCerts: m.SEARCH_CERTS, info: m.MANAGER_INFO})))",
		filepath.Join(root, "tests", "sdk", "campaign-fixture.mjs"))
	out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
	if err != nil {
		t.Fatalf("campaign fixture: %v", err)
	}
	var f campaignFixture
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func campaignServer(t *testing.T, f campaignFixture, args ...string) *server {
	t.Helper()
	saved := fixture
	fixture = f.Doc
	defer func() { fixture = saved }()
	return startServer(t, append([]string{"--rate-limit", "off"}, args...)...)
}

var hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)

// strictCampaign fails on any key the Campaign model (or one it nests) does not define.
func strictCampaign(t *testing.T, c *v3.Campaign) {
	t.Helper()
	noExtra(t, "Campaign", c.AdditionalProperties)
	for _, a := range c.Alerts {
		noExtra(t, "CampaignAlert", a.AdditionalProperties)
		for _, l := range a.Localizations {
			noExtra(t, "ErrorMessageDto", l.AdditionalProperties)
		}
	}
	if s := c.SearchCampaignInfo; s != nil {
		noExtra(t, "SearchCampaignInfo", s.AdditionalProperties)
		if s.Reviewer != nil {
			noExtra(t, "SearchCampaignInfo.reviewer", s.Reviewer.AdditionalProperties)
		}
		for _, k := range s.AccessConstraints {
			noExtra(t, "AccessConstraint", k.AdditionalProperties)
		}
	}
}

// anyCampaign is the campaign of an anyOf answer: the SDK tries Campaign
// first, which parses SLIM answers too.
func anyCampaign(t *testing.T, c *v3.Campaign, s *v3.SlimCampaign) *v3.Campaign {
	t.Helper()
	if c == nil || s != nil {
		t.Fatalf("anyOf: Campaign %v, SlimCampaign %v", c, s)
	}
	strictCampaign(t, c)
	return c
}

// taskOf decodes a 202 body (a map to the SDK) into CertificationTask, strictly.
func taskOf(t *testing.T, body map[string]interface{}, err error, typ, target string) v3.CertificationTask {
	t.Helper()
	must3(t, err)
	b, _ := json.Marshal(body)
	var task v3.CertificationTask
	if err := json.Unmarshal(b, &task); err != nil {
		t.Fatalf("CertificationTask: %v in %s", err, b)
	}
	noExtra(t, "CertificationTask", task.AdditionalProperties)
	eq(t, "task", []any{task.GetType(), task.GetTargetType(), task.GetTargetId(), len(task.Errors)}, []any{typ, "CAMPAIGN", target, 0})
	st := task.GetStatus()
	if st != "QUEUED" && st != "IN_PROGRESS" && st != "SUCCESS" {
		t.Errorf("task status %q", st)
	}
	if !hex32.MatchString(task.GetId()) || task.GetCreated().IsZero() {
		t.Errorf("task %s", b)
	}
	return task
}

func TestV3Campaigns(t *testing.T) {
	f := loadCampaignFixture(t)
	s := campaignServer(t, f)
	ctx := context.Background()
	admin := client(t, s, "c-admin")
	api := admin.V3.CertificationCampaignsAPI
	certs := admin.V3.CertificationsAPI
	future := at(f.Future)
	var searchInfo v3.CampaignAllOfSearchCampaignInfo
	if err := json.Unmarshal(f.Search, &searchInfo); err != nil {
		t.Fatal(err)
	}
	var mgr, search string

	get := func(t *testing.T, id, detail string) *v3.Campaign {
		t.Helper()
		req := api.GetCampaign(ctx, id)
		if detail != "" {
			req = req.Detail(detail)
		}
		g, r, err := req.Execute()
		must3(t, err)
		eq(t, "get status", status(r), 200)
		return anyCampaign(t, g.Campaign, g.SlimCampaign)
	}
	settled := func(t *testing.T, id string, statuses ...string) *v3.Campaign {
		t.Helper()
		for i := 0; ; i++ {
			c := get(t, id, "")
			for _, st := range statuses {
				if c.GetStatus() == st {
					return c
				}
			}
			if i > 200 {
				t.Fatalf("campaign %s still %s", id, c.GetStatus())
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
	// reviewer id -> [decisionsTotal, identitiesTotal] of a campaign's certifications, all in phase.
	certsOf := func(t *testing.T, id string, phase v3.CertificationPhase) (map[string][2]int32, []v3.IdentityCertificationDto) {
		t.Helper()
		list, r, err := certs.ListIdentityCertifications(ctx).Filters(fmt.Sprintf(`campaign.id eq "%s"`, id)).Count(true).Execute()
		must3(t, err)
		eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), fmt.Sprint(len(list)))
		out := map[string][2]int32{}
		for _, c := range list {
			noExtra(t, "IdentityCertificationDto", c.AdditionalProperties)
			noExtra(t, "CampaignReference", c.Campaign.AdditionalProperties)
			eq(t, "phase of "+c.GetId(), c.GetPhase(), phase)
			eq(t, "campaign of "+c.GetId(), c.Campaign.GetId(), id)
			out[c.Reviewer.GetId()] = [2]int32{c.GetDecisionsTotal(), c.GetIdentitiesTotal()}
		}
		return out, list
	}
	patchOp := func(op, path string, value *v3.JsonPatchOperationValue) v3.JsonPatchOperation {
		return v3.JsonPatchOperation{Op: op, Path: path, Value: value}
	}
	str := func(s string) *v3.JsonPatchOperationValue {
		return &v3.JsonPatchOperationValue{String: v3.PtrString(s)}
	}
	boolean := func(b bool) *v3.JsonPatchOperationValue { return &v3.JsonPatchOperationValue{Bool: v3.PtrBool(b)} }
	const bad = "400.1 Bad Request Content"
	// Without options the SDK sends the body `null`, which recertd refuses
	// (TestV3CampaignsNullOptions, an expected failure): every start and
	// complete here sends options, empty ones ({}) where none are meant.
	noActivate, noComplete := v3.ActivateCampaignOptions{}, v3.CampaignCompleteOptions{}

	t.Run("create MANAGER and SEARCH", func(t *testing.T) {
		ops(t, "v3.createCampaign", "v3.getCampaign", "v3.listIdentityCertifications")
		m, r, err := api.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "SDK Manager Review",
			Description: *v3.NewNullableString(v3.PtrString("every manager")), Type: "MANAGER",
			MandatoryCommentRequirement: v3.PtrString("REVOKE_ONLY_DECISIONS")}).Execute()
		must3(t, err)
		eq(t, "create status", status(r), 202)
		strictCampaign(t, m)
		if !hex32.MatchString(m.GetId()) {
			t.Fatalf("id %q", m.GetId())
		}
		eq(t, "created", []any{m.GetName(), m.GetDescription(), m.GetType(), m.GetStatus(), m.Deadline, m.GetTotalCertifications(),
			m.GetCompletedCertifications(), len(m.Alerts), m.GetMandatoryCommentRequirement(), m.GetCorrelatedStatus(), m.GetAutoRevokeAllowed()},
			[]any{"SDK Manager Review", "every manager", "MANAGER", "PENDING", nil, 0, 0, 0, "REVOKE_ONLY_DECISIONS", "CORRELATED", false})
		if m.GetCreated().IsZero() || m.GetModified().IsZero() {
			t.Errorf("created %v modified %v", m.GetCreated(), m.GetModified())
		}
		mgr = m.GetId()

		// Description null (NullableString unset is sent as null), the deadline a SailPointTime.
		sc, r, err := api.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "SDK Search Review", Type: "SEARCH",
			Deadline: &v3.SailPointTime{Time: future}, SearchCampaignInfo: &searchInfo}).Execute()
		must3(t, err)
		eq(t, "create status", status(r), 202)
		strictCampaign(t, sc)
		eq(t, "search created", []any{sc.GetStatus(), sc.GetDeadline().Time.Equal(future), sc.Description.Get()}, []any{"PENDING", true, nil})
		eq(t, "searchCampaignInfo", sc.SearchCampaignInfo, searchInfo)
		search = sc.GetId()

		c := settled(t, mgr, "STAGED", "ERROR")
		eq(t, "manager staged", []any{c.GetStatus(), c.GetTotalCertifications()}, []any{"STAGED", len(f.Manager)})
		if len(c.Alerts) != 1 || c.Alerts[0].GetLevel() != "INFO" || len(c.Alerts[0].Localizations) != 1 {
			t.Fatalf("alerts %+v", c.Alerts)
		}
		l := c.Alerts[0].Localizations[0]
		eq(t, "alert", []any{l.GetLocale(), string(l.GetLocaleOrigin()), l.GetText()}, []any{"en-US", "DEFAULT", f.Info})
		got, _ := certsOf(t, mgr, v3.CERTIFICATIONPHASE_STAGED)
		eq(t, "manager certifications", got, f.Manager)
		c = settled(t, search, "STAGED", "ERROR")
		eq(t, "search staged", []any{c.GetStatus(), c.GetTotalCertifications(), len(c.Alerts)}, []any{"STAGED", 1, 0})
		got, list := certsOf(t, search, v3.CERTIFICATIONPHASE_STAGED)
		eq(t, "search certifications", got, f.SearchCerts)
		eq(t, "search certification", []any{list[0].GetName(), list[0].GetDue().Time.Equal(future), list[0].Campaign.CampaignType},
			[]any{"SDK Search Review for Max Manager", true, "SEARCH"})
	})

	t.Run("create queues a CAMPAIGN_CREATE task", func(t *testing.T) {
		ops(t, "v3.createCampaign", "v3.getCampaign", "v3.getPendingCertificationTasks", "v3.getCertificationTask")
		idle := campaignServer(t, f, "--workers", "0")
		a := client(t, idle, "c-admin")
		c, _, err := a.V3.CertificationCampaignsAPI.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "Queued", Type: "MANAGER"}).Execute()
		must3(t, err)
		tasks, r, err := a.V3.CertificationsAPI.GetPendingCertificationTasks(ctx).Filters(fmt.Sprintf(`targetId eq "%s"`, c.GetId())).
			Count(true).Execute()
		must3(t, err)
		eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), "1")
		if len(tasks) != 1 {
			t.Fatalf("tasks %+v", tasks)
		}
		task := tasks[0]
		noExtra(t, "CertificationTask", task.AdditionalProperties)
		eq(t, "task", []any{task.GetType(), task.GetTargetType(), task.GetTargetId(), task.GetStatus(), len(task.Errors)},
			[]any{"CAMPAIGN_CREATE", "CAMPAIGN", c.GetId(), "QUEUED", 0})
		one, _, err := a.V3.CertificationsAPI.GetCertificationTask(ctx, task.GetId()).Execute()
		must3(t, err)
		eq(t, "getCertificationTask", one, &task)
		g, _, err := a.V3.CertificationCampaignsAPI.GetCampaign(ctx, c.GetId()).Execute()
		must3(t, err)
		eq(t, "still PENDING", anyCampaign(t, g.Campaign, g.SlimCampaign).GetStatus(), "PENDING")
	})

	t.Run("list and get, SLIM and FULL", func(t *testing.T) {
		ops(t, "v3.getActiveCampaigns", "v3.getCampaign")
		listed := func(req v3.ApiGetActiveCampaignsRequest) ([]*v3.Campaign, []string) {
			t.Helper()
			list, r, err := req.Execute()
			must3(t, err)
			eq(t, "list status", status(r), 200)
			out, ids := []*v3.Campaign{}, []string{}
			for _, x := range list {
				c := anyCampaign(t, x.Campaign, x.SlimCampaign)
				out, ids = append(out, c), append(ids, c.GetId())
			}
			return out, ids
		}
		list, r, err := api.GetActiveCampaigns(ctx).Count(true).Execute()
		must3(t, err)
		eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), "4")
		for _, x := range list {
			if c := anyCampaign(t, x.Campaign, x.SlimCampaign); c.Modified != nil || c.MandatoryCommentRequirement != nil {
				t.Errorf("SLIM by default: %+v", c)
			}
		}
		out, ids := listed(api.GetActiveCampaigns(ctx).Filters(`name sw "SDK"`).Sorters("name").Detail("SLIM"))
		eq(t, "SDK by name", ids, []string{mgr, search})
		if out[1].SearchCampaignInfo != nil || out[1].Modified != nil {
			t.Errorf("SLIM: %+v", out[1])
		}
		out, ids = listed(api.GetActiveCampaigns(ctx).Filters(`name sw "SDK"`).Sorters("-name").Detail("FULL"))
		eq(t, "SDK by -name", ids, []string{search, mgr})
		eq(t, "FULL searchCampaignInfo", out[0].SearchCampaignInfo, searchInfo)
		if out[0].GetModified().IsZero() || out[1].GetMandatoryCommentRequirement() != "REVOKE_ONLY_DECISIONS" || !out[1].GetSunsetCommentsRequired() {
			t.Errorf("FULL: %+v %+v", out[0], out[1])
		}
		_, ids = listed(api.GetActiveCampaigns(ctx).Filters(`status eq "STAGED"`).Sorters("name").Limit(1).Offset(1))
		eq(t, "paged", ids, []string{search})
		_, ids = listed(api.GetActiveCampaigns(ctx).Filters(fmt.Sprintf(`id eq "%s"`, mgr)))
		eq(t, "by id", ids, []string{mgr})
		_, ids = listed(api.GetActiveCampaigns(ctx).Filters(`status in ("ACTIVE")`).Sorters("name"))
		eq(t, "ACTIVE", ids, []string{"camp-q4", "camp-src"})

		slim, full := get(t, search, ""), get(t, search, "FULL")
		eq(t, "get FULL = listed FULL", full, out[0])
		if slim.Modified != nil || slim.SearchCampaignInfo != nil || slim.SunsetCommentsRequired != nil {
			t.Errorf("get SLIM: %+v", slim)
		}
		trimmed := *full
		trimmed.Modified, trimmed.SearchCampaignInfo, trimmed.SunsetCommentsRequired, trimmed.MandatoryCommentRequirement = nil, nil, nil, nil
		eq(t, "SLIM = FULL less its fields", slim, &trimmed)
		imp := get(t, "camp-src", "FULL")
		eq(t, "imported", []any{imp.GetType(), imp.GetStatus(), imp.GetCorrelatedStatus(), imp.Description.IsSet(), imp.Description.Get()},
			[]any{"SOURCE_OWNER", "ACTIVE", "UNCORRELATED", true, nil})
	})

	t.Run("update a STAGED campaign with JSON Patch", func(t *testing.T) {
		ops(t, "v3.updateCampaign", "v3.getCampaign", "v3.listIdentityCertifications")
		// JsonPatchOperationValue has no null: `remove` clears the description.
		c, r, err := api.UpdateCampaign(ctx, mgr).JsonPatchOperation([]v3.JsonPatchOperation{
			patchOp("replace", "/name", str("SDK Manager Review (patched)")), patchOp("remove", "/description", nil),
			patchOp("replace", "/autoRevokeAllowed", boolean(true)), patchOp("add", "/emailNotificationEnabled", boolean(true)),
			patchOp("replace", "/recommendationsEnabled", boolean(false))}).Execute()
		must3(t, err)
		eq(t, "patch status", status(r), 200)
		eq(t, "sent as", r.Request.Header.Get("Content-Type"), "application/json-patch+json")
		noExtra(t, "SlimCampaign", c.AdditionalProperties)
		eq(t, "patched", []any{c.GetName(), c.Description.Get(), c.GetAutoRevokeAllowed(), c.GetEmailNotificationEnabled(),
			c.GetRecommendationsEnabled(), c.GetStatus(), c.Deadline},
			[]any{"SDK Manager Review (patched)", nil, true, true, false, "STAGED", nil})
		again := get(t, mgr, "")
		eq(t, "get = patch", again.GetName(), c.GetName())

		when := "2031-06-30T00:00:00.000Z"
		c, _, err = api.UpdateCampaign(ctx, search).JsonPatchOperation([]v3.JsonPatchOperation{
			patchOp("replace", "/description", str("patched")), patchOp("replace", "/deadline", str(when))}).Execute()
		must3(t, err)
		eq(t, "patched search", []any{c.GetDescription(), c.GetDeadline().Time.Equal(at(when))}, []any{"patched", true})
		_, list := certsOf(t, search, v3.CERTIFICATIONPHASE_STAGED)
		eq(t, "due follows", list[0].GetDue().Time.Equal(at(when)), true)

		// A value-less replace is refused with the path named; an empty value cannot even be sent.
		_, r, err = api.UpdateCampaign(ctx, mgr).JsonPatchOperation([]v3.JsonPatchOperation{patchOp("replace", "/description", nil)}).Execute()
		eq(t, "value-less", v3Err(t, err, r, 400, bad), []string{"[0].value: /description must be a string or null"})
		_, _, err = api.UpdateCampaign(ctx, mgr).JsonPatchOperation([]v3.JsonPatchOperation{
			patchOp("replace", "/description", &v3.JsonPatchOperationValue{})}).Execute()
		if err == nil {
			t.Errorf("an empty JsonPatchOperationValue was sent")
		}
		_, r, err = api.UpdateCampaign(ctx, mgr).JsonPatchOperation([]v3.JsonPatchOperation{
			patchOp("replace", "/type", str("SEARCH")), patchOp("copy", "/name", nil)}).Execute()
		eq(t, "refused", v3Err(t, err, r, 400, bad), []string{
			fmt.Sprintf(`[0].path: /type cannot be changed while campaign "%s" is STAGED (STAGED allows /name, /description, `+
				`/recommendationsEnabled, /deadline, /emailNotificationEnabled, /autoRevokeAllowed)`, mgr),
			`[1].op: must be replace, add or remove (got "copy")`})
		_, r, err = api.UpdateCampaign(ctx, "camp-nope").JsonPatchOperation([]v3.JsonPatchOperation{patchOp("replace", "/name", str("x"))}).Execute()
		v3Err(t, err, r, 404, "404 Not found")
	})

	t.Run("start to ACTIVE", func(t *testing.T) {
		ops(t, "v3.startCampaign", "v3.getCampaign", "v3.updateCampaign", "v3.listIdentityCertifications", "v3.getCertificationTask")
		body, r, err := api.StartCampaign(ctx, mgr).ActivateCampaignOptions(v3.ActivateCampaignOptions{TimeZone: v3.PtrString("-08:00")}).Execute()
		eq(t, "start status", status(r), 202)
		task := taskOf(t, body, err, "ACTIVATE_CAMPAIGN", mgr)
		body, r, err = api.StartCampaign(ctx, search).ActivateCampaignOptions(v3.ActivateCampaignOptions{TimeZone: v3.PtrString("Z")}).Execute()
		eq(t, "start status", status(r), 202)
		taskOf(t, body, err, "ACTIVATE_CAMPAIGN", search)
		c := settled(t, mgr, "ACTIVE")
		eq(t, "active", []any{c.GetName(), c.GetTotalCertifications(), c.GetCompletedCertifications()},
			[]any{"SDK Manager Review (patched)", 2, 0})
		settled(t, search, "ACTIVE")
		for i := 0; ; i++ {
			st, _, err := certs.GetCertificationTask(ctx, task.GetId()).Execute()
			must3(t, err)
			if st.GetStatus() == "SUCCESS" {
				break
			}
			if i > 200 {
				t.Fatalf("task %+v", st)
			}
			time.Sleep(25 * time.Millisecond)
		}
		got, _ := certsOf(t, mgr, v3.CERTIFICATIONPHASE_ACTIVE)
		eq(t, "manager certifications", got, f.Manager)
		got, _ = certsOf(t, search, v3.CERTIFICATIONPHASE_ACTIVE)
		eq(t, "search certifications", got, f.SearchCerts)
		m1 := client(t, s, "c-m1")
		mine, _, err := m1.V3.CertificationsAPI.ListIdentityCertifications(ctx).ReviewerIdentity("me").
			Filters(fmt.Sprintf(`campaign.id eq "%s"`, mgr)).Execute()
		must3(t, err)
		if len(mine) != 1 {
			t.Fatalf("mine %+v", mine)
		}
		eq(t, "mine", []any{mine[0].GetName(), mine[0].Reviewer.GetId(), mine[0].GetDecisionsTotal()},
			[]any{"SDK Manager Review for Mia Manager", "id-m1", 4})
		eq(t, "campaign reference", mine[0].Campaign, v3.CampaignReference{Id: mgr, Name: "SDK Manager Review (patched)", Type: "CAMPAIGN",
			CampaignType: "MANAGER", Description: *v3.NewNullableString(nil), CorrelatedStatus: "CORRELATED",
			MandatoryCommentRequirement: "REVOKE_ONLY_DECISIONS", AdditionalProperties: map[string]any{}})

		_, r, err = api.StartCampaign(ctx, mgr).ActivateCampaignOptions(noActivate).Execute()
		texts := v3Err(t, err, r, 400, bad)
		if len(texts) != 1 || !regexp.MustCompile(`is ACTIVE: only a STAGED campaign can be activated`).MatchString(texts[0]) {
			t.Errorf("again: %v", texts)
		}
		_, r, err = api.UpdateCampaign(ctx, mgr).JsonPatchOperation([]v3.JsonPatchOperation{patchOp("replace", "/name", str("late"))}).Execute()
		texts = v3Err(t, err, r, 400, bad)
		if len(texts) != 1 || !regexp.MustCompile(`/name cannot be changed while campaign "[0-9a-f]+" is ACTIVE \(ACTIVE allows /deadline\)`).MatchString(texts[0]) {
			t.Errorf("ACTIVE patch: %v", texts)
		}
		p, _, err := api.UpdateCampaign(ctx, search).JsonPatchOperation([]v3.JsonPatchOperation{patchOp("replace", "/deadline", str(f.Future))}).Execute()
		must3(t, err)
		eq(t, "ACTIVE deadline", []any{p.GetStatus(), p.GetDeadline().Time.Equal(future)}, []any{"ACTIVE", true})
	})

	t.Run("complete to COMPLETED", func(t *testing.T) {
		ops(t, "v3.completeCampaign", "v3.getCampaign", "v3.listIdentityCertifications")
		_, r, err := api.CompleteCampaign(ctx, search).CampaignCompleteOptions(noComplete).Execute()
		texts := v3Err(t, err, r, 400, bad)
		if len(texts) != 1 || !regexp.MustCompile(`is not past due: its deadline 2031-03-31T00:00:00.000Z is after now`).MatchString(texts[0]) {
			t.Errorf("not past due: %v", texts)
		}
		body, r, err := api.CompleteCampaign(ctx, mgr).CampaignCompleteOptions(v3.CampaignCompleteOptions{AutoCompleteAction: v3.PtrString("APPROVE")}).Execute()
		eq(t, "complete status", status(r), 202)
		taskOf(t, body, err, "COMPLETE_CAMPAIGN", mgr)
		c := settled(t, mgr, "COMPLETED")
		eq(t, "counts", []any{c.GetTotalCertifications(), c.GetCompletedCertifications()}, []any{2, 2})
		_, list := certsOf(t, mgr, v3.CERTIFICATIONPHASE_SIGNED)
		for _, x := range list {
			eq(t, "signed "+x.GetId(), []any{x.GetCompleted(), x.GetDecisionsMade()}, []any{true, x.GetDecisionsTotal()})
			if x.Signed.Get() == nil || x.Signed.Get().IsZero() {
				t.Errorf("not signed: %+v", x)
			}
		}
	})

	t.Run("delete, then 404", func(t *testing.T) {
		ops(t, "v3.deleteCampaigns", "v3.getCampaign", "v3.getActiveCampaigns", "v3.listIdentityCertifications")
		_, a := certsOf(t, mgr, v3.CERTIFICATIONPHASE_SIGNED)
		_, b := certsOf(t, search, v3.CERTIFICATIONPHASE_ACTIVE)
		body, r, err := api.DeleteCampaigns(ctx).CampaignsDeleteRequest(v3.CampaignsDeleteRequest{Ids: []string{mgr, search}}).Execute()
		must3(t, err)
		eq(t, "delete", []any{status(r), body}, []any{202, map[string]any{}})
		for _, id := range []string{mgr, search} {
			for i := 0; ; i++ {
				_, r, _ := api.GetCampaign(ctx, id).Execute()
				if status(r) == 404 {
					break
				}
				if i > 200 {
					t.Fatalf("%s not deleted", id)
				}
				time.Sleep(25 * time.Millisecond)
			}
			_, r, err := api.GetCampaign(ctx, id).Execute()
			eq(t, "gone", v3Err(t, err, r, 404, "404 Not found"), []string{fmt.Sprintf(`no campaign "%s"`, id)})
		}
		for _, c := range append(a, b...) {
			_, r, err := certs.GetIdentityCertification(ctx, c.GetId()).Execute()
			v3Err(t, err, r, 404, "404 Not found")
		}
		list, _, err := api.GetActiveCampaigns(ctx).Filters(`name sw "SDK"`).Execute()
		must3(t, err)
		eq(t, "none left", len(list), 0)
		_, r, err = api.DeleteCampaigns(ctx).CampaignsDeleteRequest(v3.CampaignsDeleteRequest{Ids: []string{mgr}}).Execute()
		eq(t, "delete again", v3Err(t, err, r, 404, "404 Not found"), []string{fmt.Sprintf(`ids[0]: no campaign "%s"`, mgr)})
	})

	t.Run("errors: 400, 403, 404", func(t *testing.T) {
		ops(t, "v3.createCampaign", "v3.getActiveCampaigns", "v3.getCampaign", "v3.updateCampaign", "v3.startCampaign",
			"v3.completeCampaign", "v3.deleteCampaigns")
		_, r, err := api.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "x", Type: "WEEKLY"}).Execute()
		eq(t, "bad type", v3Err(t, err, r, 400, bad),
			[]string{`type: must be MANAGER, SOURCE_OWNER, SEARCH, ROLE_COMPOSITION or MACHINE_ACCOUNT (got "WEEKLY")`})
		_, r, err = api.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "x", Type: "ROLE_COMPOSITION"}).Execute()
		eq(t, "unsupported", v3Err(t, err, r, 400, bad),
			[]string{"type: campaign type ROLE_COMPOSITION is not supported (recert generates MANAGER and SEARCH campaigns)"})
		_, r, err = api.GetActiveCampaigns(ctx).Filters(`type eq "MANAGER"`).Execute()
		v3Err(t, err, r, 400, bad)
		_, r, err = api.GetCampaign(ctx, "camp-nope").Execute()
		v3Err(t, err, r, 404, "404 Not found")
		_, r, err = api.StartCampaign(ctx, "camp-nope").ActivateCampaignOptions(noActivate).Execute()
		v3Err(t, err, r, 404, "404 Not found")
		_, r, err = api.CompleteCampaign(ctx, "camp-nope").CampaignCompleteOptions(noComplete).Execute()
		v3Err(t, err, r, 404, "404 Not found")

		m1 := client(t, s, "c-m1").V3.CertificationCampaignsAPI
		_, r, err = m1.GetActiveCampaigns(ctx).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.GetCampaign(ctx, "camp-q4").Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "x", Type: "MANAGER"}).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.UpdateCampaign(ctx, "camp-q4").JsonPatchOperation([]v3.JsonPatchOperation{patchOp("replace", "/deadline", str(f.Future))}).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.StartCampaign(ctx, "camp-q4").ActivateCampaignOptions(noActivate).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.CompleteCampaign(ctx, "camp-q4").CampaignCompleteOptions(noComplete).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = m1.DeleteCampaigns(ctx).CampaignsDeleteRequest(v3.CampaignsDeleteRequest{Ids: []string{"camp-q4"}}).Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = api.GetActiveCampaigns(ctx).Count(true).Execute()
		must3(t, err)
		eq(t, "nothing created, camp-q4 kept", r.Header.Get("X-Total-Count"), "2")
	})
}

// StartCampaign and CompleteCampaign without options: the SDK still sends a
// body, JSON `null` (json.Marshal of the nil *ActivateCampaignOptions /
// *CampaignCompleteOptions), with Content-Type application/json. The body is
// optional in the spec, so that is "no options", and recertd takes it so
// (src/server/dispatch.c decode_body). It records no operations.
func TestV3CampaignsNullOptions(t *testing.T) {
	f := loadCampaignFixture(t)
	s := campaignServer(t, f)
	ctx := context.Background()
	api := client(t, s, "c-admin").V3.CertificationCampaignsAPI
	c, _, err := api.CreateCampaign(ctx).Campaign(v3.Campaign{Name: "Null Options", Type: "MANAGER"}).Execute()
	must3(t, err)
	id := c.GetId()
	waitFor := func(want string) {
		for i := 0; ; i++ {
			g, _, err := api.GetCampaign(ctx, id).Execute()
			must3(t, err)
			if g.Campaign.GetStatus() == want {
				return
			}
			if i > 200 {
				t.Fatalf("campaign %s still %s", id, g.Campaign.GetStatus())
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
	accepted := func(what string, r *http.Response, err error) {
		t.Helper()
		if err != nil || status(r) != 202 {
			t.Fatalf("%s without options (body null): %d %v", what, status(r), err)
		}
	}
	waitFor("STAGED")
	_, r, err := api.StartCampaign(ctx, id).Execute()
	accepted("StartCampaign", r, err)
	waitFor("ACTIVE")
	_, r, err = api.CompleteCampaign(ctx, id).Execute()
	accepted("CompleteCampaign", r, err)
	waitFor("COMPLETED")
}
