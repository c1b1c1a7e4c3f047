// A whole v3 review through the Go SDK's api_v3 client (CertificationsAPI,
// CertificationSummariesAPI) against a real recertd on
// tests/sdk/review-fixture.mjs: list, read, the items, decide, the counters
// and summaries, sign-off and the remediation it causes (GET
// /recert/v1/campaigns/{id}/remediations, a recert extension no SDK models:
// through the SDK's own generic client, c.Generic.DefaultAPI.GenericGet);
// reassignment (sync and async), certification tasks, reviewers, item
// permissions, and the errors with their ErrorResponseDto.
//
// The SDK's decoding is the check: a value outside an enum, a wrong type or
// a required key missing is an error from Execute(). Keys the models do not
// know land in AdditionalProperties; noExtra insists there are none.
//
// Operations recertd does not serve yet (`recertd operations`) are skipped
// and not recorded; the matrix then shows them as "not served".
package sdktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	v3 "github.com/sailpoint-oss/golang-sdk/v2/api_v3"
)

const past = "2020-01-01T00:00:00.000Z"

var (
	reviewOnce sync.Once
	reviewOrg  map[string]any
	futureStr  string
	servedOps  map[string]bool
)

// reviewSetup reads tests/sdk/review-fixture.mjs (through node) and what this
// recertd serves (`recertd operations`), once.
func reviewSetup(t *testing.T) {
	t.Helper()
	reviewOnce.Do(func() {
		script := fmt.Sprintf("import('file://%s').then((m) => process.stdout.write(JSON.stringify({doc: m.reviewDoc(), future: m.FUTURE})))",
			filepath.Join(root, "tests", "sdk", "review-fixture.mjs"))
		out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
		if err != nil {
			fmt.Fprintln(os.Stderr, "review fixture:", err)
			return
		}
		var f struct {
			Doc    map[string]any `json:"doc"`
			Future string         `json:"future"`
		}
		if json.Unmarshal(out, &f) != nil {
			return
		}
		out, err = exec.Command(recertd, "operations").Output()
		if err != nil {
			fmt.Fprintln(os.Stderr, "recertd operations:", err)
			return
		}
		var list []struct{ OperationId, Api string }
		if json.Unmarshal(out, &list) != nil {
			return
		}
		servedOps = map[string]bool{}
		for _, o := range list {
			k := o.OperationId
			if o.Api != "beta" {
				k = o.Api + "." + k
			}
			servedOps[k] = true
		}
		reviewOrg, futureStr = f.Doc, f.Future
	})
	if reviewOrg == nil {
		t.Fatal("no review fixture or operations list")
	}
}

func served(k string) bool { return servedOps[k] }

// servedOnly is keys without the operations this recertd does not serve.
func servedOnly(keys ...string) []string {
	out := []string{}
	for _, k := range keys {
		if served(k) {
			out = append(out, k)
		}
	}
	return out
}

// reviewServer is recertd on the review fixture.
func reviewServer(t *testing.T, args ...string) *server {
	t.Helper()
	saved := fixture
	fixture = reviewOrg
	defer func() { fixture = saved }()
	return startServer(t, append([]string{"--rate-limit", "off"}, args...)...)
}

func must3(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		var body string
		var ge *v3.GenericOpenAPIError
		if errors.As(err, &ge) {
			body = string(ge.Body())
		}
		t.Fatalf("%v %s", err, body)
	}
}

// noExtra fails when a model got keys it does not define.
func noExtra(t *testing.T, what string, extra map[string]any) {
	t.Helper()
	if len(extra) != 0 {
		t.Errorf("%s: keys the SDK's model does not define: %v", what, extra)
	}
}

// v3Err asserts err is the v3 SDK's error for code with an ErrorResponseDto
// model of detailCode detail; returns its message texts.
func v3Err(t *testing.T, err error, r any, code int, detail string) []string {
	t.Helper()
	var ge *v3.GenericOpenAPIError
	if !errors.As(err, &ge) {
		t.Fatalf("want a GenericOpenAPIError %d, got %v", code, err)
	}
	if !strings.HasPrefix(ge.Error(), fmt.Sprint(code)+" ") {
		t.Errorf("error text %q", ge.Error())
	}
	m, ok := ge.Model().(v3.ErrorResponseDto)
	if !ok {
		t.Fatalf("model %T, body %s", ge.Model(), ge.Body())
	}
	eq(t, "detailCode", m.GetDetailCode(), detail)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(m.GetTrackingId()) {
		t.Errorf("trackingId %q", m.GetTrackingId())
	}
	noExtra(t, "ErrorResponseDto", m.AdditionalProperties)
	texts := []string{}
	for _, msg := range m.Messages {
		eq(t, "locale", []any{msg.GetLocale(), string(msg.GetLocaleOrigin())}, []any{"en-US", "DEFAULT"})
		noExtra(t, "ErrorMessageDto", msg.AdditionalProperties)
		texts = append(texts, msg.GetText())
	}
	return texts
}

func certIds(cs []v3.IdentityCertificationDto) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.GetId())
	}
	return out
}

func decision(id string, d v3.CertificationDecision, comments string) v3.ReviewDecision {
	r := v3.ReviewDecision{Id: id, Decision: d}
	if comments != "" {
		r.Comments = v3.PtrString(comments)
	}
	return r
}

func isDate(s string) bool {
	return regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(s)
}

func TestV3Review(t *testing.T) {
	reviewSetup(t)
	ops(t, append([]string{"v3.listIdentityCertifications", "v3.getIdentityCertification", "v3.makeIdentityDecision",
		"v3.signOffIdentityCertification", "recert.listRemediations"},
		servedOnly("v3.listIdentityAccessReviewItems", "v3.getIdentityDecisionSummary", "v3.getIdentitySummaries",
			"v3.getIdentitySummary", "v3.getIdentityAccessSummaries")...)...)
	s := reviewServer(t)
	ctx := context.Background()
	m1 := client(t, s, "c-m1")
	api := m1.V3.CertificationsAPI
	sum := m1.V3.CertificationSummariesAPI

	// List: reviewer-identity=me, filters, sorters, count.
	certs, r, err := api.ListIdentityCertifications(ctx).ReviewerIdentity("me").Sorters("name").Execute()
	must3(t, err)
	eq(t, "status", status(r), 200)
	eq(t, "mine by name", certIds(certs), []string{"cert-e2e", "cert-1", "cert-4"})
	for _, c := range certs {
		noExtra(t, "IdentityCertificationDto "+c.GetId(), c.AdditionalProperties)
		noExtra(t, "CampaignReference", c.Campaign.AdditionalProperties)
		noExtra(t, "Reviewer", c.Reviewer.AdditionalProperties)
	}
	certs, _, err = api.ListIdentityCertifications(ctx).ReviewerIdentity("me").Sorters("-due").Execute()
	must3(t, err)
	eq(t, "mine by -due", certIds(certs), []string{"cert-e2e", "cert-1", "cert-4"})
	certs, r, err = api.ListIdentityCertifications(ctx).ReviewerIdentity("me").Count(true).
		Filters(`campaign.id eq "camp-e2e" and phase eq "ACTIVE"`).Execute()
	must3(t, err)
	eq(t, "filtered", certIds(certs), []string{"cert-e2e"})
	eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), "1")
	certs, _, err = api.ListIdentityCertifications(ctx).Filters("completed eq false").Sorters("due").Execute()
	must3(t, err)
	eq(t, "not completed", certIds(certs), []string{"cert-1", "cert-e2e"})

	// Get one: every field.
	c, _, err := api.GetIdentityCertification(ctx, "cert-e2e").Execute()
	must3(t, err)
	eq(t, "campaign", c.Campaign, v3.CampaignReference{Id: "camp-e2e", Name: "End-to-End Review", Type: "CAMPAIGN",
		CampaignType: "MANAGER", Description: *v3.NewNullableString(v3.PtrString("SDK walk-through")),
		CorrelatedStatus: "CORRELATED", MandatoryCommentRequirement: "REVOKE_ONLY_DECISIONS", AdditionalProperties: map[string]any{}})
	eq(t, "cert", []any{c.GetId(), c.GetName(), c.GetPhase(), c.GetCompleted(), c.GetDecisionsMade(), c.GetDecisionsTotal(),
		c.GetIdentitiesCompleted(), c.GetIdentitiesTotal(), c.GetHasErrors(), c.ErrorMessage.Get(), c.Reassignment.Get()},
		[]any{"cert-e2e", "End-to-End Review for Mia Manager", v3.CERTIFICATIONPHASE_ACTIVE, false, 0, 4, 0, 2, false, nil, nil})
	eq(t, "due", c.GetDue().Time, at("2027-03-31T00:00:00Z"))
	eq(t, "signed null", []any{c.Signed.IsSet(), c.Signed.Get()}, []any{true, nil})
	eq(t, "created", c.GetCreated().Time, at("2026-11-05T09:00:00Z"))
	eq(t, "reviewer", []any{c.Reviewer.GetType(), c.Reviewer.GetId(), c.Reviewer.GetName(), c.Reviewer.GetEmail()},
		[]any{"IDENTITY", "id-m1", "Mia Manager", "id-m1@example.com"})
	noExtra(t, "IdentityCertificationDto", c.AdditionalProperties)

	// The items, with a filter and a sorter.
	itemIds := func(items []v3.AccessReviewItem) []string {
		out := []string{}
		for _, i := range items {
			out = append(out, i.GetId())
		}
		return out
	}
	if served("v3.listIdentityAccessReviewItems") {
		items, r, err := api.ListIdentityAccessReviewItems(ctx, "cert-e2e").Sorters("access.name").Count(true).
			Filters(`access.type eq "ENTITLEMENT"`).Execute()
		must3(t, err)
		eq(t, "entitlement items", itemIds(items), []string{"e2e-1", "e2e-3"})
		eq(t, "items X-Total-Count", r.Header.Get("X-Total-Count"), "2")
		dba := items[0]
		noExtra(t, "AccessReviewItem", dba.AdditionalProperties)
		noExtra(t, "AccessSummary", dba.AccessSummary.AdditionalProperties)
		noExtra(t, "ReviewableEntitlement", dba.AccessSummary.Entitlement.Get().AdditionalProperties)
		eq(t, "undecided", []any{dba.GetCompleted(), dba.Decision}, []any{false, nil})
		is := dba.IdentitySummary
		eq(t, "identitySummary", []any{is.GetId(), is.GetName(), is.GetIdentityId(), is.GetCompleted()},
			[]any{"is-e1", "Sam Subject", "id-s1", false})
		a := dba.AccessSummary.Access
		eq(t, "access", []any{a.GetType(), a.GetId(), a.GetName()}, []any{v3.DTOTYPE_ENTITLEMENT, "ent-dba", "DBA"})
		ent := dba.AccessSummary.Entitlement.Get()
		eq(t, "entitlement", []any{ent.GetId(), ent.GetSourceName()}, []any{"ent-dba", "Oracle HR"})
		items, _, err = api.ListIdentityAccessReviewItems(ctx, "cert-e2e").Entitlements("ent-read").Execute()
		must3(t, err)
		eq(t, "entitlements=ent-read", itemIds(items), []string{"e2e-3"})
		items, _, err = api.ListIdentityAccessReviewItems(ctx, "cert-e2e").Filters(`identitySummary.name sw "Sam"`).
			Sorters("-access.name").Execute()
		must3(t, err)
		eq(t, "Sam's", itemIds(items), []string{"e2e-2", "e2e-1"})
		items, _, err = api.ListIdentityAccessReviewItems(ctx, "cert-e2e").Execute()
		must3(t, err)
		types := map[string]any{}
		for _, i := range items {
			as := i.AccessSummary
			switch as.Access.GetType() {
			case v3.DTOTYPE_ROLE:
				types[i.GetId()] = []any{"ROLE", as.Role.Get().GetId()}
			case v3.DTOTYPE_ACCESS_PROFILE:
				types[i.GetId()] = []any{"ACCESS_PROFILE", as.AccessProfile.GetId()}
			default:
				types[i.GetId()] = []any{string(as.Access.GetType()), as.Entitlement.Get().GetId()}
			}
		}
		eq(t, "every item", types, map[string]any{"e2e-1": []any{"ENTITLEMENT", "ent-dba"}, "e2e-2": []any{"ROLE", "role-fin"},
			"e2e-3": []any{"ENTITLEMENT", "ent-read"}, "e2e-4": []any{"ACCESS_PROFILE", "ap-hr"}})
	}

	// Decide: an APPROVE and a REVOKE, with comments.
	rev := decision("e2e-3", v3.CERTIFICATIONDECISION_REVOKE, "moved teams")
	rev.Bulk = true
	c, r, err = api.MakeIdentityDecision(ctx, "cert-e2e").ReviewDecision([]v3.ReviewDecision{
		decision("e2e-1", v3.CERTIFICATIONDECISION_APPROVE, "still needed"), rev}).Execute()
	must3(t, err)
	eq(t, "decide status", status(r), 200)
	eq(t, "counters", []any{c.GetId(), c.GetDecisionsMade(), c.GetDecisionsTotal(), c.GetIdentitiesCompleted(), c.GetCompleted()},
		[]any{"cert-e2e", 2, 4, 0, false})
	again, _, err := api.GetIdentityCertification(ctx, "cert-e2e").Execute()
	must3(t, err)
	eq(t, "get = decide", again, c)

	if served("v3.listIdentityAccessReviewItems") {
		items, _, err := api.ListIdentityAccessReviewItems(ctx, "cert-e2e").Filters("completed eq true").Sorters("access.name").Execute()
		must3(t, err)
		got := [][]any{}
		for _, i := range items {
			got = append(got, []any{i.GetId(), i.GetDecision(), i.GetComments(), i.GetCompleted()})
		}
		eq(t, "decided items", got, [][]any{{"e2e-1", "APPROVE", "still needed", true}, {"e2e-3", "REVOKE", "moved teams", true}})
	}
	if served("v3.getIdentityDecisionSummary") {
		ds, _, err := sum.GetIdentityDecisionSummary(ctx, "cert-e2e").Execute()
		must3(t, err)
		noExtra(t, "IdentityCertDecisionSummary", ds.AdditionalProperties)
		eq(t, "decision summary", ds, v3.IdentityCertDecisionSummary{
			EntitlementDecisionsMade: v3.PtrInt32(2), AccessProfileDecisionsMade: v3.PtrInt32(0), RoleDecisionsMade: v3.PtrInt32(0),
			AccountDecisionsMade: v3.PtrInt32(0), EntitlementDecisionsTotal: v3.PtrInt32(2), AccessProfileDecisionsTotal: v3.PtrInt32(1),
			RoleDecisionsTotal: v3.PtrInt32(1), AccountDecisionsTotal: v3.PtrInt32(0), EntitlementsApproved: v3.PtrInt32(1),
			EntitlementsRevoked: v3.PtrInt32(1), AccessProfilesApproved: v3.PtrInt32(0), AccessProfilesRevoked: v3.PtrInt32(0),
			RolesApproved: v3.PtrInt32(0), RolesRevoked: v3.PtrInt32(0), AccountsApproved: v3.PtrInt32(0), AccountsRevoked: v3.PtrInt32(0),
			AdditionalProperties: map[string]any{}})
		one, _, err := sum.GetIdentityDecisionSummary(ctx, "cert-e2e").Filters(`identitySummary.id eq "is-e2"`).Execute()
		must3(t, err)
		eq(t, "is-e2's", []any{one.GetEntitlementDecisionsTotal(), one.GetEntitlementsRevoked(), one.GetAccessProfileDecisionsTotal(),
			one.GetRoleDecisionsTotal()}, []any{1, 1, 1, 0})
	}
	summaries := func(list []v3.CertificationIdentitySummary) [][]any {
		out := [][]any{}
		for _, x := range list {
			noExtra(t, "CertificationIdentitySummary", x.AdditionalProperties)
			out = append(out, []any{x.GetId(), x.GetName(), x.GetIdentityId(), x.GetCompleted()})
		}
		return out
	}
	if served("v3.getIdentitySummaries") {
		list, r, err := sum.GetIdentitySummaries(ctx, "cert-e2e").Sorters("name").Count(true).Execute()
		must3(t, err)
		eq(t, "identity summaries", summaries(list), [][]any{{"is-e1", "Sam Subject", "id-s1", false}, {"is-e2", "Sue Subject", "id-s2", false}})
		eq(t, "summaries X-Total-Count", r.Header.Get("X-Total-Count"), "2")
		list, _, err = sum.GetIdentitySummaries(ctx, "cert-e2e").Filters(`name sw "Sue"`).Execute()
		must3(t, err)
		eq(t, "Sue", summaries(list), [][]any{{"is-e2", "Sue Subject", "id-s2", false}})
	}
	if served("v3.getIdentitySummary") {
		one, _, err := sum.GetIdentitySummary(ctx, "cert-e2e", "is-e2").Execute()
		must3(t, err)
		eq(t, "identity summary", summaries([]v3.CertificationIdentitySummary{*one}), [][]any{{"is-e2", "Sue Subject", "id-s2", false}})
	}
	if served("v3.getIdentityAccessSummaries") {
		ents, _, err := sum.GetIdentityAccessSummaries(ctx, "cert-e2e", "ENTITLEMENT").Sorters("access.name").Execute()
		must3(t, err)
		got := [][]any{}
		for _, a := range ents {
			noExtra(t, "AccessSummary", a.AdditionalProperties)
			got = append(got, []any{a.Access.GetType(), a.Access.GetId(), a.Access.GetName(), a.Entitlement.Get().GetId()})
		}
		eq(t, "entitlement summaries", got, [][]any{{"ENTITLEMENT", "ent-dba", "DBA", "ent-dba"}, {"ENTITLEMENT", "ent-read", "Reader", "ent-read"}})
		roles, _, err := sum.GetIdentityAccessSummaries(ctx, "cert-e2e", "ROLE").Filters("completed eq false").Execute()
		must3(t, err)
		if len(roles) != 1 || roles[0].Access.GetId() != "role-fin" || roles[0].Role.Get().GetId() != "role-fin" {
			t.Errorf("role summaries: %+v", roles)
		}
		aps, _, err := sum.GetIdentityAccessSummaries(ctx, "cert-e2e", "ACCESS_PROFILE").Filters("completed eq true").Execute()
		must3(t, err)
		eq(t, "no completed access profile", len(aps), 0)
	}

	// Sign-off needs every item decided.
	_, r, err = api.SignOffIdentityCertification(ctx, "cert-e2e").Execute()
	eq(t, "early sign-off", status(r), 400)
	eq(t, "early sign-off text", v3Err(t, err, r, 400, "400.1 Bad Request Content"),
		[]string{`certification "cert-e2e" has 2 review items without a decision; decide every item before signing off`})
	end := decision("e2e-4", v3.CERTIFICATIONDECISION_REVOKE, "until the project ends")
	end.ProposedEndDate = &v3.SailPointTime{Time: at(futureStr)}
	c, _, err = api.MakeIdentityDecision(ctx, "cert-e2e").ReviewDecision([]v3.ReviewDecision{
		decision("e2e-2", v3.CERTIFICATIONDECISION_APPROVE, ""), end}).Execute()
	must3(t, err)
	eq(t, "all decided", []any{c.GetDecisionsMade(), c.GetIdentitiesCompleted(), c.GetCompleted()}, []any{4, 2, true})
	if served("v3.getIdentitySummaries") {
		list, _, err := sum.GetIdentitySummaries(ctx, "cert-e2e").Filters("completed eq true").Sorters("name").Execute()
		must3(t, err)
		eq(t, "completed identities", len(list), 2)
	}
	if served("v3.getIdentityDecisionSummary") {
		ds, _, err := sum.GetIdentityDecisionSummary(ctx, "cert-e2e").Execute()
		must3(t, err)
		eq(t, "after", []any{ds.GetRolesApproved(), ds.GetAccessProfilesRevoked(), ds.GetRoleDecisionsMade(), ds.GetAccessProfileDecisionsMade()},
			[]any{1, 1, 1, 1})
	}

	// Sign off.
	signed, _, err := api.SignOffIdentityCertification(ctx, "cert-e2e").Execute()
	must3(t, err)
	eq(t, "signed", []any{signed.GetId(), signed.GetPhase(), signed.Signed.Get() != nil}, []any{"cert-e2e", v3.CERTIFICATIONPHASE_SIGNED, true})
	again, _, err = api.GetIdentityCertification(ctx, "cert-e2e").Execute()
	must3(t, err)
	eq(t, "get = sign-off", again, signed)
	_, r, err = api.MakeIdentityDecision(ctx, "cert-e2e").ReviewDecision([]v3.ReviewDecision{
		decision("e2e-1", v3.CERTIFICATIONDECISION_REVOKE, "no")}).Execute()
	eq(t, "decide after sign-off", v3Err(t, err, r, 400, "400.1 Bad Request Content"),
		[]string{`certification "cert-e2e" is signed and can no longer be decided`})
	certs, _, err = api.ListIdentityCertifications(ctx).ReviewerIdentity("me").Filters(`phase eq "SIGNED"`).Sorters("name").Execute()
	must3(t, err)
	eq(t, "signed ones", certIds(certs), []string{"cert-e2e", "cert-4"})

	// The remediation, through the SDK's generic client: the REVOKE due now is
	// carried out, the dated one waits.
	gen := client(t, s, "c-admin").Generic.DefaultAPI
	var rows []map[string]any
	for i := 0; ; i++ {
		res, r, err := gen.GenericGet(ctx, "/recert/v1/campaigns/camp-e2e/remediations").Execute()
		if err != nil {
			t.Fatalf("remediations: %v (%d)", err, status(r))
		}
		if res.ArrayOfMapmapOfStringAny == nil {
			t.Fatalf("remediations: not an array: %+v", res)
		}
		rows = *res.ArrayOfMapmapOfStringAny
		sort.Slice(rows, func(a, b int) bool { return rows[a]["accessId"].(string) < rows[b]["accessId"].(string) })
		if len(rows) == 2 && rows[1]["removed"] != nil {
			break
		}
		if i > 200 {
			t.Fatalf("not removed: %v", rows)
		}
		time.Sleep(50 * time.Millisecond)
	}
	got := [][]any{}
	for _, x := range rows {
		got = append(got, []any{x["identityId"], x["accessType"], x["accessId"], x["certificationId"], x["campaignId"],
			x["reviewerId"], x["decidedBy"], x["comments"], x["removeAt"]})
		if !isDate(fmt.Sprint(x["decided"])) || (x["cancelled"] != nil && x["cancelled"] != false) {
			t.Errorf("remediation %v", x)
		}
	}
	signedAt := signed.Signed.Get().UTC().Format("2006-01-02T15:04:05.000Z")
	eq(t, "remediations", got, [][]any{
		{"id-s2", "ACCESS_PROFILE", "ap-hr", "cert-e2e", "camp-e2e", "id-m1", "id-m1", "until the project ends", futureStr},
		{"id-s2", "ENTITLEMENT", "ent-read", "cert-e2e", "camp-e2e", "id-m1", "id-m1", "moved teams", signedAt}})
	eq(t, "removed", []any{rows[0]["removed"], isDate(fmt.Sprint(rows[1]["removed"]))}, []any{nil, true})
	// Remediation records are for admins only.
	_, r, err = m1.Generic.DefaultAPI.GenericGet(ctx, "/recert/v1/campaigns/camp-e2e/remediations").Execute()
	eq(t, "reviewer reads remediations", status(r), 403)
	if err == nil {
		t.Errorf("403 without an error")
	}
}

func TestV3ReassignSync(t *testing.T) {
	reviewSetup(t)
	ops(t, "v3.reassignIdentityCertifications", "v3.listIdentityCertifications")
	s := reviewServer(t)
	ctx := context.Background()
	reason := "Max knows the Reader role better"
	c, r, err := client(t, s, "c-m1").V3.CertificationsAPI.ReassignIdentityCertifications(ctx, "cert-1").ReviewReassign(v3.ReviewReassign{
		Reassign: []v3.ReassignReference{{Id: "item-3", Type: "ITEM"}}, ReassignTo: "id-m2", Reason: reason}).Execute()
	must3(t, err)
	eq(t, "status", status(r), 200)
	eq(t, "source", []any{c.GetId(), c.GetDecisionsTotal(), c.GetPhase(), c.Reviewer.GetId()}, []any{"cert-1", 4, "ACTIVE", "id-m1"})
	mine, _, err := client(t, s, "c-m2").V3.CertificationsAPI.ListIdentityCertifications(ctx).ReviewerIdentity("me").Execute()
	must3(t, err)
	var moved []v3.IdentityCertificationDto
	for _, x := range mine {
		if re := x.Reassignment.Get(); re != nil && re.From != nil && re.From.GetId() == "cert-1" {
			moved = append(moved, x)
		}
	}
	if len(moved) != 1 {
		t.Fatalf("reassigned certifications: %d", len(moved))
	}
	n := moved[0]
	re := n.Reassignment.Get()
	noExtra(t, "Reassignment", re.AdditionalProperties)
	noExtra(t, "CertificationReference", re.From.AdditionalProperties)
	eq(t, "new cert", []any{re.GetComment(), re.From.GetType(), re.From.Reviewer.GetId(), n.Campaign.Id, n.Reviewer.GetId(),
		n.GetDecisionsTotal(), n.GetPhase(), n.Signed.Get()}, []any{reason, "CERTIFICATION", "id-m1", "camp-q4", "id-m2", 1, "ACTIVE", nil})
}

func TestV3ReassignAsyncAndTasks(t *testing.T) {
	reviewSetup(t)
	ops(t, "v3.submitReassignCertsAsync", "v3.getCertificationTask", "v3.getPendingCertificationTasks")
	s := reviewServer(t)
	ctx := context.Background()
	api := client(t, s, "c-admin").V3.CertificationsAPI
	task, r, err := api.SubmitReassignCertsAsync(ctx, "cert-2").ReviewReassign(v3.ReviewReassign{
		Reassign: []v3.ReassignReference{{Id: "item-21", Type: "ITEM"}}, ReassignTo: "id-m1", Reason: "async"}).Execute()
	must3(t, err)
	eq(t, "status", status(r), 200)
	noExtra(t, "CertificationTask", task.AdditionalProperties)
	eq(t, "task", []any{task.GetType(), task.GetTargetType(), task.GetTargetId(), task.Errors},
		[]any{"REASSIGN", "CERTIFICATION", "cert-2", []v3.ErrorMessageDto{}})
	if task.Created == nil || task.Created.IsZero() {
		t.Errorf("created %v", task.Created)
	}
	var st *v3.CertificationTask
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st, _, err = api.GetCertificationTask(ctx, task.GetId()).Execute()
		must3(t, err)
		if st.GetStatus() == "SUCCESS" || st.GetStatus() == "ERROR" || time.Now().After(deadline) {
			break
		}
	}
	want := *task
	want.Status = v3.PtrString("SUCCESS")
	eq(t, "final", st, want)
	pending, _, err := api.GetPendingCertificationTasks(ctx).Filters(`targetId eq "cert-2"`).Execute()
	must3(t, err)
	eq(t, "none pending", len(pending), 0)

	// With no workers the task stays QUEUED, and pending.
	idle := reviewServer(t, "--workers", "0")
	a := client(t, idle, "c-admin").V3.CertificationsAPI
	m2 := client(t, idle, "c-m2").V3.CertificationsAPI
	q, _, err := m2.SubmitReassignCertsAsync(ctx, "cert-2").ReviewReassign(v3.ReviewReassign{
		Reassign: []v3.ReassignReference{{Id: "item-22", Type: "ITEM"}}, ReassignTo: "id-m1", Reason: "queued"}).Execute()
	must3(t, err)
	eq(t, "queued", q.GetStatus(), "QUEUED")
	pending, r, err = a.GetPendingCertificationTasks(ctx).Filters(`targetId eq "cert-2" and type eq "REASSIGN"`).Count(true).Execute()
	must3(t, err)
	eq(t, "pending", pending, []v3.CertificationTask{*q})
	eq(t, "pending X-Total-Count", r.Header.Get("X-Total-Count"), "1")
	pending, _, err = m2.GetPendingCertificationTasks(ctx).ReviewerIdentity("me").Execute()
	must3(t, err)
	eq(t, "m2's pending", pending, []v3.CertificationTask{*q})
	pending, _, err = a.GetPendingCertificationTasks(ctx).ReviewerIdentity("me").Execute()
	must3(t, err)
	eq(t, "admin's own pending", len(pending), 0)
	got, _, err := m2.GetCertificationTask(ctx, q.GetId()).Execute()
	must3(t, err)
	eq(t, "get queued", got, q)
}

func TestV3ListCertificationReviewers(t *testing.T) {
	reviewSetup(t)
	if !served("v3.listCertificationReviewers") {
		t.Skip("recertd does not serve v3 listCertificationReviewers yet")
	}
	ops(t, "v3.listCertificationReviewers")
	s := reviewServer(t)
	ctx := context.Background()
	api := client(t, s, "c-admin").V3.CertificationsAPI
	revs, r, err := api.ListCertificationReviewers(ctx, "cert-3").Sorters("name").Execute()
	must3(t, err)
	eq(t, "status", status(r), 200)
	got := [][]string{}
	for _, v := range revs {
		got = append(got, []string{v.GetType(), v.GetId(), v.GetName(), v.GetEmail()})
	}
	eq(t, "reviewers", got, [][]string{
		{"IDENTITY", "id-g1", "Gus Groupmember", "id-g1@example.com"}, {"IDENTITY", "id-m2", "Max Manager", "id-m2@example.com"}})
	revs, r, err = api.ListCertificationReviewers(ctx, "cert-3").Filters(`email sw "id-m"`).Count(true).Execute()
	must3(t, err)
	eq(t, "filtered", len(revs), 1)
	eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), "1")
}

func TestV3ItemPermissions(t *testing.T) {
	reviewSetup(t)
	if !served("v3.getIdentityCertificationItemPermissions") {
		t.Skip("recertd does not serve v3 getIdentityCertificationItemPermissions yet")
	}
	ops(t, "v3.getIdentityCertificationItemPermissions")
	s := reviewServer(t)
	ctx := context.Background()
	api := client(t, s, "c-m1").V3.CertificationsAPI
	perms, _, err := api.GetIdentityCertificationItemPermissions(ctx, "cert-e2e", "e2e-1").Execute()
	must3(t, err)
	got := map[string][]string{}
	for _, p := range perms {
		got[p.GetTarget()] = p.Rights
	}
	eq(t, "permissions", got, map[string][]string{
		"HR.EMPLOYEES": {"SELECT", "UPDATE", "DELETE"}, "SYS.GV_$TRANSACTION": {"SELECT"}, "SYS.OBJAUTH2": {"CREATE", "SELECT"}})
	perms, r, err := api.GetIdentityCertificationItemPermissions(ctx, "cert-e2e", "e2e-1").
		Filters(`target sw "SYS." and rights ca ("CREATE")`).Count(true).Execute()
	must3(t, err)
	eq(t, "filtered", len(perms), 1)
	eq(t, "X-Total-Count", r.Header.Get("X-Total-Count"), "1")
}

func TestV3Errors(t *testing.T) {
	reviewSetup(t)
	ops(t, append([]string{"v3.makeIdentityDecision", "v3.getIdentityCertification", "v3.signOffIdentityCertification",
		"v3.getCertificationTask", "v3.reassignIdentityCertifications"},
		servedOnly("v3.listIdentityAccessReviewItems", "v3.getIdentityDecisionSummary")...)...)
	s := reviewServer(t)
	ctx := context.Background()
	m1 := client(t, s, "c-m1").V3
	admin := client(t, s, "c-admin").V3.CertificationsAPI

	before, _, err := admin.GetIdentityCertification(ctx, "cert-1").Execute()
	must3(t, err)
	pastEnd := decision("item-5", v3.CERTIFICATIONDECISION_REVOKE, "")
	pastEnd.ProposedEndDate = &v3.SailPointTime{Time: at(past)}
	approveEnd := decision("item-4", v3.CERTIFICATIONDECISION_APPROVE, "")
	approveEnd.ProposedEndDate = &v3.SailPointTime{Time: at(futureStr)}
	_, r, err := m1.CertificationsAPI.MakeIdentityDecision(ctx, "cert-1").ReviewDecision([]v3.ReviewDecision{
		decision("item-1", v3.CERTIFICATIONDECISION_APPROVE, ""), pastEnd,
		decision("item-21", v3.CERTIFICATIONDECISION_APPROVE, ""),
		decision("item-1", v3.CERTIFICATIONDECISION_REVOKE, ""), approveEnd}).Execute()
	eq(t, "400", status(r), 400)
	texts := v3Err(t, err, r, 400, "400.1 Bad Request Content")
	for i := range texts {
		texts[i] = regexp.MustCompile(` \(.*now.*\)$`).ReplaceAllString(texts[i], "")
	}
	// The SDK sends the time as RFC 3339 without milliseconds; recertd names it in its own form.
	eq(t, "every problem", texts, []string{
		"[1].proposedEndDate: 2020-01-01T00:00:00.000Z is not in the future",
		`[2].id: no review item "item-21" in certification "cert-1"`,
		`[3].id: review item "item-1" is decided twice in this batch (first at [0])`,
		"[4].proposedEndDate: only a REVOKE may have one"})
	after, _, err := admin.GetIdentityCertification(ctx, "cert-1").Execute()
	must3(t, err)
	eq(t, "nothing applied", after, before)

	_, r, err = m1.CertificationsAPI.GetIdentityCertification(ctx, "cert-2").Execute()
	v3Err(t, err, r, 403, "403 Forbidden")
	_, r, err = m1.CertificationsAPI.MakeIdentityDecision(ctx, "cert-2").ReviewDecision([]v3.ReviewDecision{
		decision("item-21", v3.CERTIFICATIONDECISION_APPROVE, "")}).Execute()
	v3Err(t, err, r, 403, "403 Forbidden")
	_, r, err = m1.CertificationsAPI.SignOffIdentityCertification(ctx, "cert-2").Execute()
	v3Err(t, err, r, 403, "403 Forbidden")
	_, r, err = m1.CertificationsAPI.ReassignIdentityCertifications(ctx, "cert-2").ReviewReassign(v3.ReviewReassign{
		Reassign: []v3.ReassignReference{{Id: "item-21", Type: "ITEM"}}, ReassignTo: "id-m1", Reason: "x"}).Execute()
	v3Err(t, err, r, 403, "403 Forbidden")

	_, r, err = admin.GetIdentityCertification(ctx, "cert-nope").Execute()
	eq(t, "404 text", v3Err(t, err, r, 404, "404 Not found"), []string{`certification "cert-nope" does not exist`})
	_, r, err = admin.MakeIdentityDecision(ctx, "cert-nope").ReviewDecision([]v3.ReviewDecision{
		decision("x", v3.CERTIFICATIONDECISION_APPROVE, "")}).Execute()
	v3Err(t, err, r, 404, "404 Not found")
	_, r, err = admin.SignOffIdentityCertification(ctx, "cert-nope").Execute()
	v3Err(t, err, r, 404, "404 Not found")
	_, r, err = admin.GetCertificationTask(ctx, "task-nope").Execute()
	v3Err(t, err, r, 404, "404 Not found")
	if served("v3.listIdentityAccessReviewItems") {
		_, r, err = admin.ListIdentityAccessReviewItems(ctx, "cert-nope").Execute()
		v3Err(t, err, r, 404, "404 Not found")
		_, r, err = m1.CertificationsAPI.ListIdentityAccessReviewItems(ctx, "cert-2").Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
		_, r, err = admin.ListIdentityAccessReviewItems(ctx, "cert-1").Entitlements("ent-dba").Roles("role-fin").Execute()
		v3Err(t, err, r, 400, "400.1 Bad Request Content")
	}
	if served("v3.getIdentityDecisionSummary") {
		_, r, err = m1.CertificationSummariesAPI.GetIdentityDecisionSummary(ctx, "cert-2").Execute()
		v3Err(t, err, r, 403, "403 Forbidden")
	}
}
