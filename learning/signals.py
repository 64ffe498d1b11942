"""The hook that keeps learning-case links in step with consent recorded in ``cases``."""

from django.db.models.signals import post_save

from cases.models import ConsentPurpose
from learning import services


def consent_changed(sender, instance, **kwargs) -> None:
    """After a learning-network consent is withdrawn, refused or deleted, unlink the case's learning
    cases once no active consent for that purpose remains (``services.on_consent_withdrawn``)."""
    if instance.purpose != ConsentPurpose.LEARNING_NETWORK:
        return
    saved_as_active = kwargs["signal"] is post_save and instance.is_active
    if not saved_as_active:
        services.on_consent_withdrawn(case=instance.case)
