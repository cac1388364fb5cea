/**
 * Untrusted text (event names, ARNs, reasons from CloudTrail; anything a log writer controlled) made safe for a
 * terminal: an ANSI/OSC escape in an eventName could recolor, hide or rewrite lines, set the window title or
 * plant a hyperlink. Escape sequences are removed whole; line breaks and tabs become spaces (each value prints
 * on its line); any other control character, and the bidirectional overrides that reorder what a reader sees
 * ("Trojan Source"), become U+FFFD so their presence stays visible.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), other ESC sequences (ESC c resets the terminal,
// ESC ( B switches charset); 8-bit CSI/OSC too.
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|[\u001b\u009d]\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -/]*[0-~]/g;
const BREAKS = /[\t\n\r\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(ESCAPES, '').replace(BREAKS, ' ').replace(CONTROLS, '\uFFFD');
}
