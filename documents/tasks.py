from celery import shared_task

from accounts.models import User

from . import services


@shared_task(ignore_result=True)
def purge_passport_data():
    """Run by celery beat once a day: erases passport data 30 days after each workshop ends."""
    services.purge_passport_data()


@shared_task(ignore_result=True)
def email_due_certificates():
    """Run by celery beat: mails the certificates of the workshops whose last day has ended."""
    services.email_due_certificates()


@shared_task(ignore_result=True)
def email_certificates(workshop_id, actor_id):
    """Renders and mails every certificate of a workshop: minutes for hundreds of people, so never in a request."""
    services.email_certificates(workshop_id=workshop_id, actor=User.objects.filter(pk=actor_id).first())


@shared_task(ignore_result=True)
def draw_pdf(job_id):
    """Draws one PDF job (documents.services.run_pdf_job): hundreds of badges take longer than a request may."""
    services.run_pdf_job(job_id=job_id)
