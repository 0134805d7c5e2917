//! Animated images (GIF, animated WebP, APNG): when each frame shows, and how many frames are
//! kept. egui-free and driven by the time the slide has been on screen, so tests control it.
//!
//! A frame's delay follows the file; delays of 10 ms or less count as 100 ms, as browsers do
//! (many GIFs say 0 and mean "default"). The animation loops as the file says (infinitely
//! unless it names a count), then rests on its last frame.

use std::path::Path;
use std::time::Duration;

use image::{AnimationDecoder, ImageFormat, ImageReader};

/// Delays up to this count as [`DEFAULT_DELAY`].
pub const MIN_DELAY: Duration = Duration::from_millis(10);

/// What a too-short delay counts as.
pub const DEFAULT_DELAY: Duration = Duration::from_millis(100);

/// Decoded frames one animation may keep (bytes of RGBA at the size shown). Past it, frames are
/// thinned (every second one kept, delays merged): the animation plays at a lower frame rate
/// and `check` says so. 64 MB holds 120 frames of 480×270 at full rate, or 16 s of a 10 fps
/// 640×360 meme.
pub const FRAME_BUDGET: u64 = 64 * 1024 * 1024;

/// Animations kept decoded at once (the current slide's, the next ones prefetched): with
/// [`FRAME_BUDGET`] each, at most 256 MB of frames.
pub const KEEP_ANIMATIONS: usize = 4;

/// When an animation's frames show.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    delays: Vec<Duration>,
    /// How many times it plays; `None` for ever.
    loops: Option<u32>,
}

impl Timing {
    /// Frame delays as the file gives them, and its loop count (`None`: for ever).
    pub fn new(delays: impl IntoIterator<Item = Duration>, loops: Option<u32>) -> Self {
        Self {
            delays: delays.into_iter().map(effective_delay).collect(),
            loops: loops.map(|n| n.max(1)),
        }
    }

    /// Frames.
    pub fn frames(&self) -> usize {
        self.delays.len()
    }

    /// One pass through all frames.
    pub fn duration(&self) -> Duration {
        self.delays.iter().sum()
    }

    /// How many times it plays (`None`: for ever).
    pub fn loops(&self) -> Option<u32> {
        self.loops
    }

    /// The frame showing `t` after the animation started, and how long until the next frame
    /// (`None` once it has stopped, or when there is one frame).
    pub fn frame_at(&self, t: Duration) -> (usize, Option<Duration>) {
        let one = self.duration();
        if self.delays.len() < 2 || one.is_zero() {
            return (0, None);
        }
        if let Some(n) = self.loops
            && t >= one * n
        {
            return (self.delays.len() - 1, None);
        }
        let mut left = Duration::from_nanos((t.as_nanos() % one.as_nanos()) as u64);
        for (i, d) in self.delays.iter().enumerate() {
            if left < *d {
                return (i, Some(*d - left));
            }
            left -= *d;
        }
        (self.delays.len() - 1, None)
    }
}

/// The frames of an animated GIF, WebP or APNG as the file gives them (full canvas, composited),
/// and its loop count (`None`: for ever); `None` for a file that is not animated.
pub fn frames(path: &Path) -> Result<Option<(image::Frames<'static>, Option<u32>)>, String> {
    use image::codecs::{gif::GifDecoder, png::PngDecoder, webp::WebPDecoder};
    let format = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| e.to_string())?
        .format();
    let open = || {
        std::fs::File::open(path)
            .map(std::io::BufReader::new)
            .map_err(|e| e.to_string())
    };
    let (frames, loops) = match format {
        Some(ImageFormat::Gif) => {
            let d = GifDecoder::new(open()?).map_err(|e| e.to_string())?;
            let loops = d.loop_count();
            (d.into_frames(), loops)
        }
        Some(ImageFormat::WebP) => {
            let d = WebPDecoder::new(open()?).map_err(|e| e.to_string())?;
            if !d.has_animation() {
                return Ok(None);
            }
            let loops = d.loop_count();
            (d.into_frames(), loops)
        }
        Some(ImageFormat::Png) => {
            let d = PngDecoder::new(open()?).map_err(|e| e.to_string())?;
            if !d.is_apng().map_err(|e| e.to_string())? {
                return Ok(None);
            }
            let d = d.apng().map_err(|e| e.to_string())?;
            let loops = d.loop_count();
            (d.into_frames(), loops)
        }
        _ => return Ok(None),
    };
    let loops = match loops {
        image::metadata::LoopCount::Infinite => None,
        image::metadata::LoopCount::Finite(n) => Some(n.get()),
    };
    Ok(Some((frames, loops)))
}

/// A frame's delay as the file gives it.
pub fn delay_of(frame: &image::Frame) -> Duration {
    let (n, d) = frame.delay().numer_denom_ms();
    Duration::from_micros(u64::from(n) * 1000 / u64::from(d.max(1)))
}

/// What `check` says of an animation: frames, one pass's duration, loops, and whether the file
/// broke off (and after how many frames).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub frames: usize,
    pub duration: Duration,
    pub loops: Option<u32>,
    pub truncated: Option<String>,
}

/// Reads an animation's frames to count them (decoding each, keeping none); `None` for a still
/// image.
pub fn summary(path: &Path) -> Result<Option<Summary>, String> {
    let Some((frames, loops)) = frames(path)? else {
        return Ok(None);
    };
    let mut delays = Vec::new();
    let mut truncated = None;
    for frame in frames {
        match frame {
            Ok(f) => delays.push(delay_of(&f)),
            Err(e) => {
                truncated = Some(e.to_string());
                break;
            }
        }
    }
    if delays.len() < 2 && truncated.is_none() {
        return Ok(None);
    }
    let timing = Timing::new(delays, loops);
    Ok(Some(Summary {
        frames: timing.frames(),
        duration: timing.duration(),
        loops,
        truncated,
    }))
}

/// The size an image of `size` is decoded at to fit `max` (never enlarged).
pub fn shown_size([w, h]: [u32; 2], max: [u32; 2]) -> [u32; 2] {
    let f = (max[0] as f32 / w.max(1) as f32)
        .min(max[1] as f32 / h.max(1) as f32)
        .min(1.0);
    [
        ((w as f32 * f).round() as u32).max(1),
        ((h as f32 * f).round() as u32).max(1),
    ]
}

/// How many of `frames` frames of `frame_bytes` each the budget keeps: the [`Thinner`]'s rule,
/// run without pixels (what `check` tells the author).
pub fn kept_frames(frames: usize, frame_bytes: u64) -> usize {
    let mut thinner = Thinner::new(FRAME_BUDGET, frame_bytes);
    for _ in 0..frames {
        thinner.push((), DEFAULT_DELAY);
    }
    thinner.finish().len()
}

/// Bytes an animation's frames take decoded at `shown` pixels.
pub fn decoded_bytes(frames: usize, shown: [u32; 2]) -> u64 {
    frames as u64 * u64::from(shown[0]) * u64::from(shown[1]) * 4
}

/// A delay as shown: 10 ms or less counts as 100 ms.
pub fn effective_delay(d: Duration) -> Duration {
    if d <= MIN_DELAY { DEFAULT_DELAY } else { d }
}

/// Frames kept under a budget while they are decoded, one at a time: when the kept frames
/// would pass the budget, every second one goes (its delay added to the one before), and from
/// then on only every second (fourth, …) frame is kept. Memory never exceeds the budget by more
/// than a frame, whatever the file's length.
#[derive(Debug)]
pub struct Thinner<F> {
    budget: u64,
    frame_bytes: u64,
    /// Keep one frame in `stride`.
    stride: usize,
    seen: usize,
    frames: Vec<(F, Duration)>,
}

impl<F> Thinner<F> {
    pub fn new(budget: u64, frame_bytes: u64) -> Self {
        Self {
            budget,
            frame_bytes: frame_bytes.max(1),
            stride: 1,
            seen: 0,
            frames: Vec::new(),
        }
    }

    /// Takes the next frame of the file, with its (effective) delay.
    pub fn push(&mut self, frame: F, delay: Duration) {
        let delay = effective_delay(delay);
        let keep = self.seen.is_multiple_of(self.stride);
        self.seen += 1;
        if !keep {
            if let Some((_, last)) = self.frames.last_mut() {
                *last += delay;
            }
            return;
        }
        self.frames.push((frame, delay));
        if self.frames.len() > 1 && self.frames.len() as u64 * self.frame_bytes > self.budget {
            self.halve();
        }
    }

    fn halve(&mut self) {
        let old = std::mem::take(&mut self.frames);
        for (i, (frame, delay)) in old.into_iter().enumerate() {
            if i % 2 == 0 {
                self.frames.push((frame, delay));
            } else if let Some((_, last)) = self.frames.last_mut() {
                *last += delay;
            }
        }
        self.stride *= 2;
    }

    /// Frames in the file so far.
    pub fn seen(&self) -> usize {
        self.seen
    }

    /// Whether frames were dropped to stay within the budget.
    pub fn thinned(&self) -> bool {
        self.stride > 1
    }

    /// The kept frames and their delays.
    pub fn finish(self) -> Vec<(F, Duration)> {
        self.frames
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn frames_follow_their_delays_and_say_when_the_next_is_due() {
        let t = Timing::new([ms(100), ms(200), ms(50)], None);
        assert_eq!(t.duration(), ms(350));
        assert_eq!(t.frame_at(ms(0)), (0, Some(ms(100))));
        assert_eq!(t.frame_at(ms(99)), (0, Some(ms(1))));
        assert_eq!(t.frame_at(ms(100)), (1, Some(ms(200))));
        assert_eq!(t.frame_at(ms(320)), (2, Some(ms(30))));
        // For ever: round again.
        assert_eq!(t.frame_at(ms(350)), (0, Some(ms(100))));
        assert_eq!(t.frame_at(ms(3500 + 120)), (1, Some(ms(180))));
    }

    #[test]
    fn delays_of_ten_ms_or_less_count_as_a_hundred() {
        let t = Timing::new([ms(0), ms(10), ms(11)], None);
        assert_eq!(t.duration(), ms(211));
        assert_eq!(t.frame_at(ms(150)), (1, Some(ms(50))));
        // A GIF whose every delay is zero still moves, at 10 fps.
        let zero = Timing::new(vec![Duration::ZERO; 5], None);
        assert_eq!(zero.frame_at(ms(250)), (2, Some(ms(50))));
    }

    #[test]
    fn a_loop_count_stops_on_the_last_frame() {
        let t = Timing::new([ms(100), ms(100)], Some(2));
        assert_eq!(t.frame_at(ms(350)), (1, Some(ms(50))));
        assert_eq!(t.frame_at(ms(400)), (1, None));
        assert_eq!(t.frame_at(Duration::from_secs(60)), (1, None));
        // One frame never needs a repaint.
        assert_eq!(Timing::new([ms(100)], None).frame_at(ms(500)), (0, None));
    }

    #[test]
    fn the_budget_thins_frames_and_keeps_the_time() {
        // Ten frames of 100 bytes under a 450-byte budget: every second, then every fourth.
        let mut th = Thinner::new(450, 100);
        for i in 0..10 {
            th.push(i, ms(100));
        }
        assert!(th.thinned());
        assert_eq!(th.seen(), 10);
        let kept = th.finish();
        assert!(kept.len() as u64 * 100 <= 450, "{kept:?}");
        assert_eq!(kept.iter().map(|(f, _)| *f).collect::<Vec<_>>(), [0, 4, 8]);
        // No time is lost: the delays still add up to a second.
        assert_eq!(kept.iter().map(|(_, d)| *d).sum::<Duration>(), ms(1000));
        // Under the budget, everything stays.
        let mut all = Thinner::new(10_000, 100);
        for i in 0..10 {
            all.push(i, ms(0));
        }
        assert!(!all.thinned());
        assert_eq!(all.finish().len(), 10);
        // What check reports is the same rule: 200 full-HD frames keep 7.
        assert_eq!(kept_frames(200, decoded_bytes(1, [1920, 1080])), 7);
    }
}
