.PHONY: run dev test test-unit test-e2e reset-demo jobs bench migration

run:           ## set up everything and serve the production build on http://localhost:3000
	@scripts/run.sh prod

dev:           ## the same with hot reload (front end on :3000, back end on :8000)
	@scripts/run.sh dev

test:          ## install what tests need and run every test
	@scripts/test.sh

test-unit:
	@scripts/test.sh unit

test-e2e:
	@scripts/test.sh e2e

reset-demo:    ## wipe the database and seed the demo world again
	@scripts/setup.sh run && . scripts/env.sh && reflex db migrate && python -m partner_portal.demo --reset

jobs:          ## run every time-based job once (for cron)
	@. scripts/env.sh && python -m partner_portal.jobs

bench:
	@. scripts/env.sh && python bench/run_all.py

migration:     ## after changing models.py: regenerate the initial migration
	@scripts/regen_migration.sh
