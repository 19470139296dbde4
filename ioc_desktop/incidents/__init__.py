"""The duty officer's side of incidents: lifecycle rules, actions, and the offline queue."""
