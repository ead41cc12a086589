/**
 * The end-of-timer sound, synthesised with WebAudio (no file, no network): three short rising tones.
 * Browsers only allow audio after a user gesture; starting the timer is one, so `unlockChime` is
 * called from the Start button.
 */
let ctx: AudioContext | null = null;

function audio(): AudioContext | null {
  if (ctx) return ctx;
  const Ctor = (window as unknown as { AudioContext?: typeof AudioContext }).AudioContext;
  if (!Ctor) return null;
  ctx = new Ctor();
  return ctx;
}

export function unlockChime(): void {
  void audio()?.resume().catch(() => undefined);
}

let lastRun: string | null = null;

/** Plays the chime once per timer run (`runKey`), however many views show the timer. */
export function playChime(runKey: string): void {
  if (lastRun === runKey) return;
  lastRun = runKey;
  const a = audio();
  if (!a) return;
  const start = a.currentTime + 0.02;
  [660, 880, 1100].forEach((freq, i) => {
    const osc = a.createOscillator();
    const gain = a.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    const t = start + i * 0.28;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.4, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
    osc.connect(gain).connect(a.destination);
    osc.start(t);
    osc.stop(t + 0.27);
  });
}
