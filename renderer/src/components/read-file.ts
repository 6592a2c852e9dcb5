/**
 * Maximum size of a certificate or key file in bytes. Real ones are a few
 * kilobytes.
 */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Reads a small text file chosen by the user, rejecting files over 1 MiB with a
 * plain message.
 */
export function readTextFile(file: File): Promise<string> {
  if (file.size > MAX_FILE_BYTES) {
    return Promise.reject(
      new Error(
        `${file.name} is ${Math.ceil(file.size / 1024)} KiB, which is too large for a certificate or key. Choose the PEM or key file itself.`,
      ),
    );
  }

  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () =>
      reject(
        new Error(
          `${file.name} could not be read. Check that the file is readable.`,
        ),
      );
    reader.readAsText(file);
  });
}
