"""The units' web portal (`tongket serve`): each unit uploads its submission through a private link
and sees at once what the run would say of it; the office sees every unit's status, approves or
returns, and starts the run. Self-hosted on the office network, offline (Starlette, uvicorn).

It stands on the run's own code: pipeline.ingest reads an upload, pipeline.validate checks it,
`tongket run` (pipeline.runner, in a child process) makes the documents.
"""
