from sailpoint.beta.api.certifications_api import CertificationsApi
from sailpoint.beta.api_client import ApiClient
from sailpoint.beta.models.identity_certification_task import IdentityCertificationTask
from sailpoint.configuration import Configuration
configuration = Configuration()


with ApiClient(configuration) as api_client:
    id = 'id_example' # str | The identity campaign certification ID # str | The identity campaign certification ID

    try:
        # Pending Certification Tasks

        results = CertificationsApi(api_client).get_identity_certification_pending_tasks(id=id)
        # Below is a request that includes all optional parameters
        # results = CertificationsApi(api_client).get_identity_certification_pending_tasks(id)
        print("The response of CertificationsApi->get_identity_certification_pending_tasks:\n")
        print(results.model_dump_json(by_alias=True, indent=4))
    except Exception as e:
        print("Exception when calling CertificationsApi->get_identity_certification_pending_tasks: %s\n" % e)
