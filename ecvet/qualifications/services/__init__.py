"""Every write to qualifications and units. Views and the API call these, nothing else."""
