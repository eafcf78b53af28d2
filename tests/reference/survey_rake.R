# Reference results of R's survey package for tests/test_survey.py (see README.md).
# Run from this folder: Rscript survey_rake.R  (writes survey_ref_*.csv)
suppressMessages(library(survey))
d <- read.csv("survey_data.csv", stringsAsFactors = FALSE)
m <- read.csv("survey_margins.csv", stringsAsFactors = FALSE)
pm <- lapply(c("age_band", "sex", "region"), function(v) {
  x <- m[m$margin == v, c("category", "persons")]
  names(x) <- c(v, "Freq")
  x
})
des <- svydesign(ids = ~1, data = d, weights = ~1)
rk <- rake(des, list(~age_band, ~sex, ~region), pm,
           control = list(maxit = 200, epsilon = 1e-10))
d$top2 <- as.numeric(d$q >= 4)
rk <- update(rk, top2 = as.numeric(q >= 4))
fixed <- svydesign(ids = ~1, data = transform(d, w = weights(rk)), weights = ~w)
out <- list()
for (nm in c("raked", "fixed")) {
  ds <- if (nm == "raked") rk else fixed
  mq <- svymean(~q, ds, na.rm = TRUE)
  mt <- svymean(~top2, ds, na.rm = TRUE)
  ci <- svyciprop(~top2, ds, method = "logit", na.rm = TRUE)
  out[[length(out) + 1]] <- data.frame(
    design = nm, group = "all", mean = unname(coef(mq)), se_mean = unname(SE(mq)), top2 = unname(coef(mt)),
    se_top2 = unname(SE(mt)), top2_low = unname(attr(ci, "ci")[1]), top2_high = unname(attr(ci, "ci")[2]))
  byg <- svyby(~q, ~age_band, ds, svymean, na.rm = TRUE)
  byt <- svyby(~top2, ~age_band, ds, svymean, na.rm = TRUE)
  out[[length(out) + 1]] <- data.frame(
    design = nm, group = byg$age_band, mean = byg$q, se_mean = unname(SE(byg)), top2 = byt$top2,
    se_top2 = unname(SE(byt)), top2_low = NA, top2_high = NA)
}
write.csv(do.call(rbind, out), "survey_ref_means.csv", row.names = FALSE)
write.csv(data.frame(weight = weights(rk)), "survey_ref_weights.csv", row.names = FALSE)
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n",
    file = "survey_versions.txt")
