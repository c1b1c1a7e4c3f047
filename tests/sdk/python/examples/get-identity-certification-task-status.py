from sailpoint.beta.api.certifications_api import CertificationsApi
from sailpoint.beta.api_client import ApiClient
from sailpoint.beta.models.identity_certification_task import IdentityCertificationTask
from sailpoint.configuration import Configuration
configuration = Configuration()


with ApiClient(configuration) as api_client:
    id = 'id_example' # str | The identity campaign certification ID # str | The identity campaign certification ID
    task_id = 'task_id_example' # str | The certification task ID # str | The certification task ID

    try:
        # Certification Task Status

        results = CertificationsApi(api_client).get_identity_certification_task_status(id=id, task_id=task_id)
        # Below is a request that includes all optional parameters
        # results = CertificationsApi(api_client).get_identity_certification_task_status(id, task_id)
        print("The response of CertificationsApi->get_identity_certification_task_status:\n")
        print(results.model_dump_json(by_alias=True, indent=4))
    except Exception as e:
        print("Exception when calling CertificationsApi->get_identity_certification_task_status: %s\n" % e)
