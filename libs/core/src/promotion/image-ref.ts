import { valid } from 'semver';
import type { RealEnvironment } from '../environments';

/** What `deploy` sets: exactly one of a tag or a digest. */
export type ImageRef = { tag: string; digest?: undefined } | { digest: string; tag?: undefined };

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Validates the --image-tag / --image-digest pair into an ImageRef, or throws saying what to pass. */
export function parseImageRef(tag?: string, digest?: string): ImageRef {
  if (tag && digest) throw new Error('Pass either --image-tag or --image-digest, not both.');
  if (digest) {
    if (!DIGEST.test(digest)) {
      throw new Error(
        `--image-digest "${digest}" is not a digest: expected sha256: and 64 lowercase hex characters.`,
      );
    }
    return { digest };
  }
  if (!tag) throw new Error('deploy needs --image-tag=<tag> or --image-digest=sha256:<hex>.');
  if (!TAG.test(tag)) {
    throw new Error(
      `--image-tag "${tag}" is not a valid image tag (letters, digits, _ . -; at most 128).`,
    );
  }
  return { tag };
}

/** Why this reference may not go to this environment, or undefined when it may. */
export function mutableTagProblem(environment: RealEnvironment, ref: ImageRef): string | undefined {
  if (environment !== 'prod' || ref.digest) return undefined;
  if (ref.tag === 'latest' || !valid(ref.tag)) {
    return `prod refuses the mutable tag "${ref.tag}": deploy a semantic version (for example 1.4.2) or --image-digest=sha256:...`;
  }
  return undefined;
}

export function describeImageRef(ref: ImageRef): string {
  return ref.digest ? `image.digest ${ref.digest}` : `image.tag ${ref.tag}`;
}
