-- What the model calls of each shadow-scored event cost (candidate inference + judge, USD from
-- scorer_config.yaml's pricing:), so the streaming job's daily spend budget (shadow_config.yaml
-- overload.daily_budget_usd) can be read by every subtask on every task manager: the day's spend is
-- sum(cost_usd) of the rows inserted since 00:00 UTC. NULL: a row written before this column existed
-- (its cost is unknown, counted as 0). Failed calls cost nothing (no tokens), so an event that only
-- reached the dead letters (no row here) spent nothing either.
ALTER TABLE shadow_evals ADD COLUMN cost_usd DOUBLE PRECISION;
-- the budget's query reads today's rows; without this it would scan the whole (retained) table every few seconds
CREATE INDEX shadow_evals_inserted_at ON shadow_evals (inserted_at);
