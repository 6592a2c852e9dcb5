import {
  formatAddress,
  type ClassifiedError,
  type PostgresErrorContext,
} from "./context";

/**
 * Classifies a socket or resolver error by its Node error code, or by the text `pg` uses for
 * its own timeouts and closed connections. Returns null for anything else.
 */
export function classifyNetworkError(
  code: string | undefined,
  text: string,
  context: PostgresErrorContext,
): ClassifiedError | null {
  const address = formatAddress(context);
  const layer = context.layer === "dns" ? "tcp" : context.layer;

  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_NONAME":
      return {
        kind: "dns",
        code,
        layer: "dns",
        field: "host",
        message: `The host name ${context.host} could not be resolved on this machine.`,
        fix: "Check the spelling. If only a bastion can resolve the name, connect through an SSH tunnel.",
      };
    case "ECONNREFUSED":
      return {
        kind: "unreachable",
        code,
        layer,
        message: `The connection to ${address} was refused because nothing listens on that port.`,
        fix: "Check the host and port, and that PostgreSQL is running and listens on this address (listen_addresses).",
      };
    case "ETIMEDOUT":
      return connectTimeout(code, address, layer);
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return {
        kind: "unreachable",
        code,
        layer,
        message: `${address} cannot be reached from this machine (no route to host).`,
        fix: "Check the VPN or network connection, or connect through an SSH tunnel.",
      };
    case "ECONNRESET":
    case "EPIPE":
      return connectionClosed(code, address, layer);
  }

  return classifyDriverText(text, address, layer);
}

function classifyDriverText(
  text: string,
  address: string,
  layer: ClassifiedError["layer"],
): ClassifiedError | null {
  if (/connection timeout|timeout expired/i.test(text)) {
    return connectTimeout("CONNECT_TIMEOUT", address, layer);
  }

  if (/Query read timeout/i.test(text)) {
    return {
      kind: "timed-out",
      code: "QUERY_TIMEOUT",
      layer,
      message: `${address} did not respond to a query within the query timeout.`,
      fix: "Check the network route to the server, then try again.",
    };
  }

  if (/Connection terminated/i.test(text)) {
    return connectionClosed("CONNECTION_CLOSED", address, layer);
  }

  return null;
}

function connectTimeout(
  code: string,
  address: string,
  layer: ClassifiedError["layer"],
): ClassifiedError {
  return {
    kind: "timed-out",
    code,
    layer,
    message: `Connecting to ${address} timed out.`,
    fix: "Check that a firewall or security group lets this machine reach the port, or connect through an SSH tunnel.",
  };
}

function connectionClosed(
  code: string,
  address: string,
  layer: ClassifiedError["layer"],
): ClassifiedError {
  return {
    kind: "unreachable",
    code,
    layer,
    message: `${address} closed the connection unexpectedly.`,
    fix: "Check that the port belongs to PostgreSQL and the TLS mode matches the server; a firewall or connection pooler may be closing connections.",
  };
}
