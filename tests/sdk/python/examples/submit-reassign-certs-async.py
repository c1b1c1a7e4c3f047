from sailpoint.beta.api.certifications_api import CertificationsApi
from sailpoint.beta.api_client import ApiClient
from sailpoint.beta.models.identity_certification_task import IdentityCertificationTask
from sailpoint.beta.models.review_reassign import ReviewReassign
from sailpoint.configuration import Configuration
configuration = Configuration()


with ApiClient(configuration) as api_client:
    id = 'ef38f94347e94562b5bb8424a56397d8' # str | The identity campaign certification ID # str | The identity campaign certification ID
    review_reassign = '''{
"reason" : "reassigned for some reason",
"reassignTo" : "ef38f94347e94562b5bb8424a56397d8",
"reassign" : [ {
"id" : "ef38f94347e94562b5bb8424a56397d8",
"type" : "ITEM"
}, {
"id" : "ef38f94347e94562b5bb8424a56397d8",
"type" : "ITEM"
} ]
}''' # ReviewReassign |

    try:
        # Reassign Certifications Asynchronously
        new_review_reassign = ReviewReassign.from_json(review_reassign)
        results = CertificationsApi(api_client).submit_reassign_certs_async(id=id, review_reassign=new_review_reassign)
        # Below is a request that includes all optional parameters
        # results = CertificationsApi(api_client).submit_reassign_certs_async(id, new_review_reassign)
        print("The response of CertificationsApi->submit_reassign_certs_async:\n")
        print(results.model_dump_json(by_alias=True, indent=4))
    except Exception as e:
        print("Exception when calling CertificationsApi->submit_reassign_certs_async: %s\n" % e)
