//! Year playback: play/pause, loop, speed. Pure timing, driven by the frame's `dt`.

/// Years per second for each speed step, slow to fast.
pub const SPEEDS: [f32; 5] = [0.5, 1.0, 2.0, 4.0, 8.0];

/// Playback state of the year scrubber.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Playback {
    /// Playing.
    #[serde(skip)]
    pub playing: bool,
    /// Start again at the first year after the last.
    pub looping: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Seconds since the last step.
    #[serde(skip)]
    pub elapsed: f32,
}

impl Default for Playback {
    fn default() -> Self {
        Self {
            playing: false,
            looping: true,
            speed: 1,
            elapsed: 0.0,
        }
    }
}

impl Playback {
    /// Years per second.
    pub fn years_per_second(&self) -> f32 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Advances by `dt` seconds from `year` in `first..=last`. Returns the new year when it
    /// changes; stops at the end unless looping.
    pub fn advance(&mut self, dt: f32, year: i32, first: i32, last: i32) -> Option<i32> {
        if !self.playing {
            return None;
        }
        self.elapsed += dt;
        let step = 1.0 / self.years_per_second();
        if self.elapsed < step {
            return None;
        }
        self.elapsed -= step;
        if year >= last {
            if self.looping {
                return Some(first);
            }
            self.playing = false;
            return None;
        }
        Some(year + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playback_steps_at_its_speed_and_loops() {
        let mut p = Playback {
            playing: true,
            looping: true,
            speed: 1, // 1 year per second
            elapsed: 0.0,
        };
        assert_eq!(p.advance(0.5, 2016, 2016, 2018), None);
        assert_eq!(p.advance(0.6, 2016, 2016, 2018), Some(2017));
        assert_eq!(p.advance(1.0, 2018, 2016, 2018), Some(2016));
    }

    #[test]
    fn without_loop_playback_stops_at_the_last_year() {
        let mut p = Playback {
            playing: true,
            looping: false,
            speed: 4,
            elapsed: 0.0,
        };
        assert_eq!(p.advance(1.0, 2024, 2016, 2024), None);
        assert!(!p.playing);
    }
}
