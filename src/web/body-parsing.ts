import express from 'express';

/** Forms post urlencoded bodies; file uploads are parsed by their own routes. */
export function bodyParsing() {
  return express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 });
}
