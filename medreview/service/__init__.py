"""The CDS Hooks service: patient-view and order-sign cards for an EHR, and its guards."""
