# Reference result of R's survival::cox.zph for tests/test_retention.py (see README.md).
# Run from this folder: Rscript cox_zph.R  (writes cox_zph_*.csv)
library(survival)
d <- read.csv("cox_zph_data.csv", stringsAsFactors = FALSE)
d$time <- d$end_year - d$start_year
d$status <- as.integer(d$left == "True")
# reference categories as kokka chooses them: the largest category
d$a <- relevel(factor(d$a), ref = names(which.max(table(d$a))))
d$b <- relevel(factor(d$b), ref = names(which.max(table(d$b))))
fit <- coxph(Surv(time, status) ~ a + b, data = d, ties = "efron")
write.csv(data.frame(term = names(coef(fit)), coef = unname(coef(fit))),
          "cox_zph_coef.csv", row.names = FALSE)
for (tr in c("km", "rank", "identity")) {
  z <- cox.zph(fit, transform = tr)
  tab <- data.frame(variable = rownames(z$table), chisq = z$table[, "chisq"],
                    df = z$table[, "df"], p = z$table[, "p"])
  write.csv(tab, sprintf("cox_zph_%s.csv", tr), row.names = FALSE)
  if (tr == "km") {
    y <- data.frame(time = z$time, g = z$x, z$y)
    write.csv(y, "cox_zph_km_residuals.csv", row.names = FALSE)
  }
}
cat(R.version.string, "survival", as.character(packageVersion("survival")), "\n",
    file = "cox_zph_versions.txt")

# Partial tests: the model with every variable's effect allowed to change with g(t) = 1 - KM(t-)
# (coxph with tt terms); Wald test per variable with the other time terms free.
km <- survfit(Surv(time, status) ~ 1, data = d)
gfun <- function(t) {
  idx <- findInterval(t, km$time, left.open = TRUE)
  1 - c(1, km$surv)[idx + 1]
}
tfit <- coxph(Surv(time, status) ~ a + b + tt(a) + tt(b), data = d, ties = "efron",
              tt = function(x, t, ...) model.matrix(~x)[, -1, drop = FALSE] * gfun(t))
b <- coef(tfit); V <- vcov(tfit)
wald <- function(idx) drop(t(b[idx]) %*% solve(V[idx, idx], b[idx]))
ia <- grep("^tt\\(a\\)", names(b)); ib <- grep("^tt\\(b\\)", names(b))
write.csv(data.frame(variable = c("a", "b"), chisq = c(wald(ia), wald(ib)),
                     df = c(length(ia), length(ib))),
          "cox_tt_wald.csv", row.names = FALSE)
