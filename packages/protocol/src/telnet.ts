// Telnet for line modes (RFC 854, 855, 860): the per-connection state machine that reads IAC
// commands split across any chunks, answers what a telnet client waits for, and refuses options.

/** "Interpret as command" (RFC 854). It never occurs in valid UTF-8, so a text client never sends
 * it by accident; IAC IAC stands for one 0xFF data byte. */
export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
/** Subnegotiation begin / end (RFC 855): IAC SB option … IAC SE. */
export const SB = 250;
export const SE = 240;
/** Erase Line, Erase Character, Are You There, Interrupt Process (RFC 854). */
export const EL = 248;
export const EC = 247;
export const AYT = 246;
export const IP = 244;
/** RFC 860. Ctrl-C in telnet sends IAC IP IAC DO TIMING-MARK, then throws away everything the
 * server sends until it reads the answer: a server that never answers goes silent for good. */
export const TIMING_MARK = 6;
/** Suppress Go-Ahead (RFC 858): the one option we agree to. We never send GA anyway, and telnet's
 * `mode character` stays in character mode only if the server does it (else it falls back to
 * line by line). */
export const SGA = 3;

/** What one byte of a command means for the line being assembled. */
export enum TelnetAction {
  /** Nothing for the line (a byte inside a command, an option we refuse, NOP, GA …). */
  None = 0,
  /** IAC IAC: one 0xFF data byte. */
  Data = 1,
  /** IAC IP: throw away the partial line (the connection stays). */
  Interrupt = 2,
  /** IAC EC: erase the previous character. */
  EraseChar = 3,
  /** IAC EL: erase the line. */
  EraseLine = 4,
  /** IAC AYT: tell the peer, in a short line, that we are here. */
  AreYouThere = 5,
  /** Bytes to send back are in `answer` (an option refused, a timing mark). */
  Reply = 6,
}

/** A subnegotiation longer than this is not telnet but garbage after a stray 0xFF: the session
 * gives up on it and reads data again, so a peer can never make us swallow its bytes forever.
 * Real ones (terminal type, window size) are a few dozen bytes. */
export const MAX_SUBNEGOTIATION = 4096;

enum State {
  Data = 0,
  Command = 1, // after IAC
  Option = 2, // after IAC WILL/WONT/DO/DONT: the option byte follows
  Sub = 3, // inside IAC SB … IAC SE
  SubIac = 4, // IAC seen inside a subnegotiation
}

/**
 * One connection's telnet session. Feed it the bytes from an IAC on, one at a time, until
 * `active` is false again; each byte returns what it means for the line. We enable no option
 * but SGA, so every other request is refused, each option once per direction (RFC 854: never
 * acknowledge a request for the state we are already in): two peers can never loop.
 * A timing mark is answered every time: each Ctrl-C waits for its own (RFC 860).
 *
 * @example
 * const session = new TelnetSession();
 * session.feed(IAC);                       // TelnetAction.None, session.active
 * session.feed(DO);                        // None
 * session.feed(TIMING_MARK);               // Reply: session.answer = IAC WILL TIMING-MARK
 */
export class TelnetSession {
  /** Bytes to send back after a `Reply`. A new array each time: the caller may queue it. */
  answer: Uint8Array = new Uint8Array(0);
  /** The peer sent a real telnet command (not a stray 0xFF followed by text): it is a telnet
   * client, with a terminal that wants CRLF and a person typing. */
  spoke = false;
  private state: State = State.Data;
  private verb = 0;
  private subBytes = 0;
  /** We agreed to DO SGA (and have not been told DONT since). */
  private sga = false;
  /** Options already answered: bit `opt` for DO (answered WONT), bit 256 + `opt` for WILL
   * (answered DONT). Made at the first refusal. */
  private refused: Uint32Array | undefined;

  /** True from an IAC until the command it starts is complete. */
  get active(): boolean {
    return this.state !== State.Data;
  }

  /** Starts a command: the caller just read an IAC outside one. */
  begin(): void {
    this.state = State.Command;
  }

  /** The next byte of the current command. */
  feed(b: number): TelnetAction {
    switch (this.state) {
      case State.Command:
        return this.command(b);
      case State.Option:
        this.state = State.Data;
        return this.option(this.verb, b);
      case State.Sub:
        if (b === IAC) this.state = State.SubIac;
        else if (++this.subBytes > MAX_SUBNEGOTIATION) this.state = State.Data;
        return TelnetAction.None;
      case State.SubIac:
        if (b === SE) this.state = State.Data;
        else if (b === IAC)
          this.state = State.Sub; // an escaped 0xFF inside the subnegotiation
        // Anything else: the peer forgot its IAC SE; read it as a new command rather than stay
        // inside the subnegotiation for good.
        else return this.command(b);
        return TelnetAction.None;
      default:
        return TelnetAction.None;
    }
  }

  private command(b: number): TelnetAction {
    this.state = State.Data;
    if (b === IAC) return TelnetAction.Data;
    if (b < SE) return TelnetAction.None; // not a command: a stray 0xFF in text
    this.spoke = true;
    switch (b) {
      case WILL:
      case WONT:
      case DO:
      case DONT:
        this.verb = b;
        this.state = State.Option;
        return TelnetAction.None;
      case SB:
        this.subBytes = 0;
        this.state = State.Sub;
        return TelnetAction.None;
      case IP:
        return TelnetAction.Interrupt;
      case EC:
        return TelnetAction.EraseChar;
      case EL:
        return TelnetAction.EraseLine;
      case AYT:
        return TelnetAction.AreYouThere;
      default:
        return TelnetAction.None; // NOP, DM, BRK, AO, GA, SE: nothing to do for a line server
    }
  }

  private option(verb: number, opt: number): TelnetAction {
    if (verb === DO && opt === TIMING_MARK) return this.reply(WILL, opt);
    if (verb === DONT && opt === SGA && this.sga) {
      this.sga = false; // the one option we had on: acknowledge turning it off (RFC 854)
      return this.reply(WONT, opt);
    }
    // WONT and DONT ask for what is already so (we enable nothing else): never answered.
    if (verb !== DO && verb !== WILL) return TelnetAction.None;
    const bit = verb === DO ? opt : 256 + opt;
    this.refused ??= new Uint32Array(16);
    const word = bit >>> 5;
    const mask = 1 << (bit & 31);
    const seen = this.refused[word] as number;
    if (seen & mask) return TelnetAction.None;
    this.refused[word] = seen | mask;
    if (verb === DO && opt === SGA) {
      this.sga = true;
      return this.reply(WILL, opt);
    }
    return this.reply(verb === DO ? WONT : DONT, opt);
  }

  private reply(verb: number, opt: number): TelnetAction {
    this.answer = Uint8Array.of(IAC, verb, opt);
    return TelnetAction.Reply;
  }
}
