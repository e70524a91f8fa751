//! Figures, budgets and the lines that show them: median with min and max, the child's CPU time
//! beside the wall time (the machine is shared, so the two differ when others are busy), and a
//! loud MISS when a figure is over its budget.

use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub enum Budget {
    None,
    /// At most this many milliseconds (compared with the median).
    Ms(f64),
    /// At most this many MiB.
    MiB(f64),
}

impl Budget {
    fn text(self) -> String {
        match self {
            Budget::None => "—".into(),
            Budget::Ms(ms) => format!("≤ {}", ms_text(ms)),
            Budget::MiB(m) => format!("≤ {m:.0} MB"),
        }
    }
}

fn ms_text(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// Sorted samples and their order statistics.
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub p90: f64,
    pub n: usize,
}

pub fn spread(samples: &[f64]) -> Spread {
    let mut v: Vec<f64> = samples.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return Spread {
            median: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
            p90: f64::NAN,
            n,
        };
    }
    let at = |q: f64| v[((n - 1) as f64 * q).round() as usize];
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Spread {
        median,
        min: v[0],
        max: v[n - 1],
        p90: at(0.9),
        n,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Everything printed, kept for the closing table of misses.
#[derive(Default)]
pub struct Board {
    pub misses: Vec<String>,
    pub lines: usize,
}

impl Board {
    /// A timing: wall-clock samples (ms), optionally the child's CPU samples (ms).
    pub fn time(
        &mut self,
        size: &str,
        what: &str,
        wall: &[f64],
        cpu: Option<&[f64]>,
        budget: Budget,
        how: &str,
    ) {
        let s = spread(wall);
        let cpu_text = cpu
            .map(|c| format!("  cpu {}", ms_text(spread(c).median)))
            .unwrap_or_default();
        println!(
            "{size:>5}  {what:<44} median {:>9}  [min {}, p90 {}, max {}; n={}]{cpu_text}  budget {}",
            ms_text(s.median),
            ms_text(s.min),
            ms_text(s.p90),
            ms_text(s.max),
            s.n,
            budget.text()
        );
        println!("       {how}");
        if let Budget::Ms(b) = budget
            && s.median > b
        {
            self.miss(
                size,
                what,
                &format!(
                    "median {} over {} (×{:.1})",
                    ms_text(s.median),
                    budget.text(),
                    s.median / b
                ),
            );
        }
        self.lines += 1;
    }

    /// A size in MiB.
    pub fn size(&mut self, size: &str, what: &str, mib: f64, budget: Budget, how: &str) {
        println!(
            "{size:>5}  {what:<44} {:>9.1} MB{:>38}budget {}",
            mib,
            "",
            budget.text()
        );
        println!("       {how}");
        if let Budget::MiB(b) = budget
            && mib > b
        {
            self.miss(
                size,
                what,
                &format!("{mib:.1} MB over {} (×{:.1})", budget.text(), mib / b),
            );
        }
        self.lines += 1;
    }

    /// Free text (an idle-CPU figure, a note).
    pub fn note(
        &mut self,
        size: &str,
        what: &str,
        value: &str,
        budget: &str,
        missed: Option<String>,
        how: &str,
    ) {
        println!("{size:>5}  {what:<44} {value:>9}{:>41}budget {budget}", "");
        println!("       {how}");
        if let Some(m) = missed {
            self.miss(size, what, &m);
        }
        self.lines += 1;
    }

    pub fn failed(&mut self, size: &str, what: &str, why: &str) {
        println!("{size:>5}  {what:<44} FAILED: {why}");
        self.miss(size, what, &format!("could not be measured: {why}"));
    }

    fn miss(&mut self, size: &str, what: &str, text: &str) {
        let line = format!("MISS  {size} {what}: {text}");
        println!("       >>>>>>>>>> {line}");
        self.misses.push(line);
    }
}
