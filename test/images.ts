// Real 2×2 images, made with sharp (each decodes).
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

export const IMAGES = {
  png: fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEklEQVR4nGM4IWdzQs6GAUIBACH2BIk4ffMZAAAAAElFTkSuQmCC",
  ),
  gif: fromBase64("R0lGODlhAgACAIAAAExpccgePCH5BAUAAAAALAAAAAACAAIAAAICjFMAOw=="),
  webp: fromBase64("UklGRjgAAABXRUJQVlA4ICwAAACQAQCdASoCAAIAAUAmJaACdLoAA5gA/vD6K67xaUa/+8Z//cZ//cZ/7uAAAA=="),
  jpeg: fromBase64(
    "/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCEAHq+/9k=",
  ),
};

/** A valid PNG no other test uploads (decoders ignore bytes after the IEND chunk), so its arrival in R2 can be seen. */
export const uniquePng = () => new Uint8Array([...IMAGES.png, ...crypto.getRandomValues(new Uint8Array(16))]);
