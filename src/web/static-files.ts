import path from 'node:path';
import express from 'express';

export function staticFiles(root: string, options: { isProduction: boolean }) {
  return express.static(path.join(root, 'public'), {
    index: false,
    maxAge: options.isProduction ? '1d' : 0,
  });
}
