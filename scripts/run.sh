#!/usr/bin/env bash
# make run: create (or re-key) the demo org, show how to use it, serve it.
set -euo pipefail
bin=$1
db=$2
listen=${RECERT_LISTEN:-127.0.0.1:8080}
out=$("$bin" demo --db "sqlite:$db")
echo "$out" | head -1
admin_id=$(echo "$out" | sed -n 's/^ORG_ADMIN .*client_id=\([^ ]*\) .*/\1/p')
admin_secret=$(echo "$out" | sed -n 's/^ORG_ADMIN .*client_secret=\([^ ]*\).*/\1/p')
rev_id=$(echo "$out" | sed -n 's/^reviewer .*client_id=\([^ ]*\) .*/\1/p')
rev_secret=$(echo "$out" | sed -n 's/^reviewer .*client_secret=\([^ ]*\) .*/\1/p')
admin_who=$(echo "$out" | sed -n 's/^ORG_ADMIN  *\(.*[^ ]\)  *client_id=.*identity_id=\([^ ]*\).*/\1 (identity \2)/p')
rev_who=$(echo "$out" | sed -n 's/^reviewer  *\(.*[^ ]\)  *client_id=.*identity_id=\([^ ]*\).*/\1 (identity \2)/p')
base="http://$listen"
cli=$(dirname "$bin")/recert
cat <<TXT

Credentials (kept in $db.credentials.json, mode 0600, and the same on every
'make run'; \`$bin demo --db $db --new-secrets\` issues new ones):
  ORG_ADMIN  client_id=$admin_id  client_secret=$admin_secret
             is $admin_who
  reviewer   client_id=$rev_id  client_secret=$rev_secret
             is $rev_who

Try it with curl:
  TOKEN=\$(curl -s -X POST "$base/oauth/token" -d grant_type=client_credentials \\
      -d client_id=$admin_id -d client_secret=$admin_secret | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
  curl -s -H "Authorization: Bearer \$TOKEN" \\
      "$base/beta/certifications?limit=2&count=true&filters=phase%20eq%20%22ACTIVE%22&sorters=-due"

Review as the reviewer with the recert CLI (README.md: "A review, end to end"):
  export SAIL_BASE_URL=$base SAIL_CLIENT_ID=$rev_id SAIL_CLIENT_SECRET=$rev_secret
  $cli certifications list --reviewer me --filters 'phase eq "ACTIVE"' -o table
  $cli certifications items CERT_ID --filters 'completed eq false' -o table
  $cli decide CERT_ID --approve ITEM_ID --revoke ITEM_ID --comment "left the team"
  $cli sign-off CERT_ID

Or with SailPoint's TypeScript SDK (npm install sailpoint-api-client):
  SAIL_BASE_URL=$base SAIL_CLIENT_ID=$admin_id SAIL_CLIENT_SECRET=$admin_secret node -e '
    const { Configuration, CertificationsBetaApi } = require("sailpoint-api-client");
    new CertificationsBetaApi(new Configuration()).listCertifications({ limit: 2 })
      .then(r => console.log(JSON.stringify(r.data, null, 2)));'

Serving $db on $base (Ctrl-C to stop)
TXT
exec "$bin" serve --db "sqlite:$db" --listen "$listen"
