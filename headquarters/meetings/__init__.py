"""Meetings of the headquarters' bodies: models, public pages, admin, PDFs and published editions.

A package inside the headquarters app (same app label, migrations in headquarters/migrations):
`headquarters.models` imports the models and `headquarters.admin` the admin, so Django finds both.
"""
