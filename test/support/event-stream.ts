/** Server-Sent Events from the gateway, parsed. */
export function followStream(url: string, headers: Record<string, string>) {
  const messages: Array<{ id: string; event: string; data: Record<string, any> }> = [];
  const aborted = new AbortController();
  const opened = (async () => {
    const response = await fetch(url, { headers, signal: aborted.signal });
    return response;
  })();
  const done = opened.then(async (response) => {
    if (!response.ok || !response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.data)
            messages.push({
              id: fields.id ?? '',
              event: fields.event ?? '',
              data: JSON.parse(fields.data),
            });
        }
      }
    } catch {
      // aborted
    }
  });
  return {
    messages,
    status: opened.then((response) => response.status),
    close: async () => {
      aborted.abort();
      await done.catch(() => {});
    },
  };
}
