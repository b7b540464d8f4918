"""What kinds of organisations a local network is made of, how they are named and which services they offer.

Both the regional demo and the national benchmark draw their organisations from these archetypes, so that an ORP looks
like a real one: an OSPOD, the town hall, schools, paediatricians, NGOs with social services, the police, and so on.
"""
