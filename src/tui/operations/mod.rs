//! The operations on cases: each one's form (or picker), its requests, and what happens after.

mod demo;
mod edit;
mod move_;
mod note;
mod run;
mod submit;
mod views;
