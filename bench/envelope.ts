// envelope: filled in when all controllers are registered.
export function envelopeBench(): void {
  console.log('envelope: pending');
}
