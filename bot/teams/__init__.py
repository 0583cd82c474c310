"""Microsoft Teams: the Bot Framework adapter of Styrbot (see docs/teams-setup.md).

`app` receives activities and answers them through the core; `auth` checks who sent them;
`connector` is how the bot gets its token and where it may send; `cards` is what it shows;
`sender` the schedule's transport to Teams; `package` the app package for upload; `server`
runs it all behind gunicorn.
"""
