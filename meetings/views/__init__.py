"""The meetings screens: log a meeting in one step (participants, follow-ups and needs), the list and detail of
meetings, the needs board and the follow-ups to do. Rows come from restrict(user, action); the services write."""
