// Polls a condition until it holds, for deliveries that are asynchronous by design (a broker, a
// sync cycle whose pull horizon waits for a running transaction). It never measures speed: the
// deadline only turns a hang into a failure that names what was awaited.
export async function until(cond: () => boolean | Promise<boolean>, ms = 15_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
